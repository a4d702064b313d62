// @cogflow/browser as a consumer gets it (issue 17): core and browser packed (pnpm pack: dist/ only), installed from
// the tarballs with npm into a fresh Vite app outside the workspace, built with `vite build`, served on localhost,
// and the page signs in against the emulator in headless Chromium.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Emulator, startEmulator } from '@cogflow/emulator';
import { chromiumAvailable, type LaunchedBrowser, launchChromium } from '@cogflow/test-kit/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = chromiumAvailable('cogflow/browser');
const exec = promisify(execFile);
const packages = new URL('../../', import.meta.url).pathname;
const PASSWORD = 'Corr3ct-Horse-Battery!';
// The Vite the example uses.
const example = JSON.parse(
  readFileSync(new URL('../../../apps/example/package.json', import.meta.url), 'utf8'),
);
const VITE = (example.devDependencies?.vite ?? example.dependencies?.vite) as string;

const MAIN = `import { createBrowserAuth, getTokens, signIn } from '@cogflow/browser';
window.tryCogflow = async (config, username, password) => {
  const auth = createBrowserAuth(config);
  const result = await signIn(auth, { username, password });
  const tokens = await getTokens(auth, username);
  return { status: result.status, parts: tokens.accessToken.split('.').length };
};
window.cogflowReady = true;
`;

describe.skipIf(!run)('a fresh Vite app on the packed @cogflow/browser', () => {
  let project: string;
  let emulator: Emulator;
  let server: Server;
  let origin: string;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'cogflow-vite-'));
    const tarballs = join(project, 'tarballs');
    for (const name of ['core', 'browser']) {
      const dir = join(packages, name);
      if (!existsSync(join(dir, 'dist', 'index.js'))) await exec('npx', ['tsup'], { cwd: dir });
      await exec('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', tarballs], { cwd: dir });
    }
    const app = join(project, 'app');
    await exec('mkdir', ['-p', app]);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'vite-consumer', private: true, type: 'module' }),
    );
    writeFileSync(
      join(app, 'index.html'),
      '<!doctype html><title>app</title><script type="module" src="/main.js"></script>',
    );
    writeFileSync(join(app, 'main.js'), MAIN);
    const packed = readdirSync(tarballs).map((file) => join(tarballs, file));
    await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packed, `vite@${VITE}`], {
      cwd: app,
      timeout: 300_000,
    });
    await exec(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], {
      cwd: app,
      timeout: 120_000,
    });
    const dist = join(app, 'dist');
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const file = join(dist, path === '/' ? 'index.html' : path);
      if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end();
      const type = extname(file) === '.js' ? 'text/javascript' : 'text/html';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    emulator = await startEmulator({
      seed: {
        pools: [
          { name: 'vite', clients: [{ name: 'spa' }], users: [{ username: 'vic', password: PASSWORD }] },
        ],
      },
    });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.stop();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('builds, loads cross-origin from the emulator, and signs in', async () => {
    const assets = join(project, 'app', 'dist', 'assets');
    const js = readdirSync(assets).filter((file) => file.endsWith('.js'));
    const gzip = js.reduce(
      (sum, file) => sum + gzipSync(readFileSync(join(assets, file)), { level: 9 }).length,
      0,
    );
    // Reported, not asserted: sizes are bench/'s business.
    console.log(`vite build of the packed @cogflow/browser sign-in page: ${gzip} B gzipped`);
    const page = await browser.context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (globalThis as { cogflowReady?: boolean }).cogflowReady === true);
    const pool = emulator.pools.vite!;
    const config = { userPoolId: pool.id, clientId: pool.clients.spa!.id, endpoint: emulator.endpoint };
    const result = await page.evaluate(
      ([c, p]) =>
        (globalThis as unknown as { tryCogflow: (...a: unknown[]) => Promise<unknown> }).tryCogflow(
          c,
          'vic',
          p,
        ),
      [config, PASSWORD] as const,
    );
    expect(result).toEqual({ status: 'SIGNED_IN', parts: 3 });
    await page.close();
  }, 60_000);
});
