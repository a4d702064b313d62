// Builds the test bundles with esbuild (the source condition, browser platform, ESM) and serves them on 127.0.0.1.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface HarnessServer {
  /** `http://localhost:<port>`: localhost is a secure context, so WebAuthn and Web Locks are on. */
  origin: string;
  close(): Promise<void>;
}

/**
 * The page module: `ports` (stores, locks, random), `auth` (those and the auth client with its hooks), or
 * `takeover` (cogflow beside amazon-cognito-identity-js and Amplify v6).
 */
export type PageBundle = 'ports' | 'auth' | 'takeover';

const entry = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@cogflow/source'],
    sourcemap: 'inline',
    logLevel: 'silent',
    // What the anchors' browser builds expect a bundler to provide.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  return result.outputFiles[0]!.text;
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>cogflow browser tests</title>
<script type="module">import * as cf from '/page.js'; globalThis.cf = cf; globalThis.cfReady = true;</script>`;

export async function serveHarness(kind: PageBundle): Promise<HarnessServer> {
  const files = new Map<string, string>();
  const pages = { ports: './ports-entry.ts', auth: './page-entry.ts', takeover: './takeover-entry.ts' };
  files.set('/page.js', await bundle(entry(pages[kind])));
  files.set(
    '/worker.js',
    await bundle(entry(kind === 'ports' ? './ports-worker-entry.ts' : './worker-entry.ts')),
  );
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // The redirect URI of the OAuth tests is the same page: it finishes the sign-in itself.
    const isPage = path === '/' || path === '/callback';
    const body = isPage ? PAGE : files.get(path);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': isPage ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
