import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@cogflow/source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@cogflow/source', 'import', 'node', 'default'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
