// The default Lock: single-flight within one process (a promise chain per name). Other processes or tabs need
// an adapter's lock (Redis, Web Locks).

import type { Lock } from './ports.js';

/**
 * Runs holders of the same name one after another. `ttlMs` and `waitMs` are not applied: core has no timer, and
 * a holder in this same process cannot crash without taking the waiters with it.
 */
export function createInProcessLock(): Lock {
  const tails = new Map<string, Promise<void>>();
  return {
    async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const run = (tails.get(name) ?? Promise.resolve()).then(() => fn());
      // The next holder waits for this one to finish, whether it resolved or threw; it may start before this
      // caller's await resumes, so a caller must do its work inside fn, as the client does.
      const tail = run.then(
        () => undefined,
        () => undefined,
      );
      tails.set(name, tail);
      try {
        return await run;
      } finally {
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
  };
}
