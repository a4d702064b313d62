import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// core must not depend on the emulator or the test kit (both depend on core); its tests reach their source directly.
const emulator = fileURLToPath(new URL('../emulator/src/index.ts', import.meta.url));
const webauthn = fileURLToPath(new URL('../test-kit/src/webauthn.ts', import.meta.url));

export default defineConfig({
  resolve: {
    conditions: ['@cogflow/source', 'import', 'module', 'node', 'default'],
    alias: { '@cogflow/emulator': emulator, '@cogflow/test-kit/webauthn': webauthn },
  },
  ssr: { resolve: { conditions: ['@cogflow/source', 'import', 'module', 'node', 'default'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
