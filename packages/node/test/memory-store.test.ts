import { storeConformance } from '@cogflow/test-kit';
import { runInVitest } from '@cogflow/test-kit/vitest';
import { memoryStore } from '../src/memory-store.js';

let now = 1_700_000_000_000;
const clock = { now: () => now };

runInVitest(
  'memoryStore conformance',
  storeConformance(() => ({ store: memoryStore({ clock }) }), {
    supportsTTL: true,
    persistent: false,
    advanceTime: (ms) => {
      now += ms;
    },
  }),
);
