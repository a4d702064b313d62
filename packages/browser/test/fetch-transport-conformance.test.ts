// The fetch transport against a real @cogflow/emulator with injected faults: test-kit's Transport conformance
// suite, run in Node on its global fetch (the scripted unit tests are in fetch-transport.test.ts).

import { type Emulator, startEmulator } from '@cogflow/emulator';
import { transportConformance } from '@cogflow/test-kit';
import { runInVitest } from '@cogflow/test-kit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { fetchTransport } from '../src/fetch-transport.js';

const PASSWORD = 'Correct-Horse-9!';
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    seed: {
      pools: [
        {
          name: 'main',
          clients: [{ name: 'public' }],
          users: [{ username: 'conformance', password: PASSWORD }],
        },
      ],
    },
  });
});

afterAll(async () => {
  await emulator?.stop();
});

// The env getters read the emulator when a case runs, after beforeAll has started it.
runInVitest(
  'fetchTransport conformance against the emulator',
  transportConformance(({ endpoint, timeoutMs }) => fetchTransport({ endpoint, timeoutMs }), {
    get endpoint() {
      return emulator.endpoint;
    },
    control: {
      injectFault: (fault) => emulator.control.injectFault(fault),
      clearFaults: () => emulator.control.clearFaults(),
    },
    get clientId() {
      return emulator.pools.main!.clients.public!.id;
    },
    username: 'conformance',
    password: PASSWORD,
  }),
);
