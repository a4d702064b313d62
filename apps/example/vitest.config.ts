// Vitest for the example: workspace packages resolve to their sources; the CLI and browser runs go one file at a time.

import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cogflow/source', 'import', 'module', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@cogflow/source', 'import', 'module', 'node', 'default'] } },
  // The CLI run and the browser run each take a while on a shared 2-core machine; run the files one at a time.
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
