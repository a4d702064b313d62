// Bundles an entry the way an app would ship it (esbuild: minify, ESM, browser, tree-shaken) and weighs it gzipped.

import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';

export type BundleEntry = 'cogflow' | 'cogflow-ports' | 'amazon-cognito-identity-js' | 'amplify';

export interface BundleSize {
  entry: BundleEntry;
  bytes: number;
  /** zlib gzip, level 9. */
  gzipBytes: number;
  metafile: Metafile;
}

/** The one set of esbuild settings every entry is built with, so the sizes compare. */
export const BUNDLE_SETTINGS: BuildOptions & { write: false; metafile: true } = {
  bundle: true,
  minify: true,
  treeShaking: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  // Ours resolve to src/ through the source condition; the anchors ignore it.
  conditions: ['@cogflow/source'],
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  legalComments: 'none',
  write: false,
  metafile: true,
  logLevel: 'silent',
};

/** Issue 6's goal for the budgeted entry. Not met yet: bench/bundle/run.ts prints how far off it is. */
export const BUDGET_GZIP_BYTES = 12 * 1024;

/**
 * The ceiling the test command enforces until the goal is met: the size measured on 2026-11-26 after hashing moved
 * to WebCrypto in the browser and a size pass (13.0 KB gz, 13,328 bytes) plus a little, so that growth fails a test
 * instead of passing unseen. Lower it whenever the bundle shrinks; never raise it to let a change through.
 */
export const CEILING_GZIP_BYTES = 13.25 * 1024;

export async function measure(entry: BundleEntry): Promise<BundleSize> {
  const result = await build({
    ...BUNDLE_SETTINGS,
    entryPoints: [fileURLToPath(new URL(`./entries/${entry}.ts`, import.meta.url))],
    // Paths in the metafile are then relative to the repository, wherever the build runs from.
    absWorkingDir: fileURLToPath(new URL('../..', import.meta.url)),
  });
  const file = result.outputFiles![0]!;
  return {
    entry,
    bytes: file.contents.byteLength,
    gzipBytes: gzipSync(file.contents, { level: 9 }).byteLength,
    metafile: result.metafile!,
  };
}

/** The input modules by the bytes they put into the minified bundle, heaviest first, grouped by package. */
export function weights(metafile: Metafile): Array<{ module: string; bytes: number }> {
  const rows: Array<{ module: string; bytes: number }> = [];
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput > 0) rows.push({ module: path, bytes: bytesInOutput });
    }
  }
  return rows.sort((a, b) => b.bytes - a.bytes);
}
