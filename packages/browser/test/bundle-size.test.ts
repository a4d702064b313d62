// The size guard: signing in with every challenge, refreshing and keeping tokens in localStorage, from
// @cogflow/core and @cogflow/browser (esbuild minify, ESM, browser; zlib gzip level 9). Issue 6's goal is 12 KB
// and is NOT met yet (13.0 KB): until it is, this test holds the bundle under the ceiling in bench/bundle/measure.ts
// so it cannot grow unseen. bench/bundle/run.ts prints the size beside the goal, amazon-cognito-identity-js and Amplify.

import { describe, expect, it } from 'vitest';
import { CEILING_GZIP_BYTES, measure, weights } from '../../../bench/bundle/measure.js';

describe('bundle size', () => {
  it('sign-in with every challenge + refresh + localStorage (core client + browser ports) stays under the ceiling (13.25 KB gzipped; goal 12 KB)', async () => {
    const size = await measure('cogflow-ports');
    const heaviest = weights(size.metafile)
      .slice(0, 12)
      .map((row) => `${row.bytes} ${row.module}`)
      .join('; ');
    expect(
      size.gzipBytes,
      `gzipped bytes; heaviest modules (minified bytes): ${heaviest}`,
    ).toBeLessThanOrEqual(CEILING_GZIP_BYTES);
  });

  it('the browser bundle holds no AWS SDK and no Node built-in', async () => {
    const size = await measure('cogflow');
    const modules = weights(size.metafile).map((row) => row.module);
    expect(modules.filter((m) => /@aws-sdk|@smithy|node:|\bbuffer\b/.test(m))).toEqual([]);
    expect(modules.some((m) => m.includes('packages/browser/src/fetch-transport.ts'))).toBe(true);
  });

  it('the browser bundles hash with WebCrypto: no @noble/hashes module in either of them', async () => {
    for (const entry of ['cogflow', 'cogflow-ports'] as const) {
      const modules = weights((await measure(entry)).metafile).map((row) => row.module);
      expect(modules.some((m) => m.includes('packages/browser/src/web-crypto-hash.ts'))).toBe(true);
      expect(modules.filter((m) => m.includes('@noble'))).toEqual([]);
    }
  });
});
