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

// A loaded machine, simulated: every read lands 1.2 s after the call before it. The suite's "still there" reads
// must not depend on a 1 s ttl surviving that (they did before it used a 30 s one for them).
let stalled = 1_700_000_000_000;
const stallingClock = { now: () => stalled };

runInVitest(
  'memoryStore conformance when every read stalls 1.2 s',
  storeConformance(
    () => {
      const store = memoryStore({ clock: stallingClock });
      return {
        store: {
          get: (key: string) => {
            stalled += 1200;
            return store.get(key);
          },
          set: store.set.bind(store),
          delete: store.delete.bind(store),
        },
      };
    },
    {
      supportsTTL: true,
      persistent: false,
      advanceTime: (ms) => {
        stalled += ms;
      },
    },
  ),
);
