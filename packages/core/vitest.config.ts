import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// core must not depend on the emulator (it depends on core); its tests reach the emulator's source directly.
const emulator = fileURLToPath(new URL('../emulator/src/index.ts', import.meta.url));

export default defineConfig({
  resolve: {
    conditions: ['@cogflow/source', 'import', 'module', 'node', 'default'],
    alias: { '@cogflow/emulator': emulator },
  },
  ssr: { resolve: { conditions: ['@cogflow/source', 'import', 'module', 'node', 'default'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
