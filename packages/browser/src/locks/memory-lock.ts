// A Lock for one page or worker only, for contexts with neither Web Locks nor storage: core's in-process lock, plus
// the `waitMs` that core leaves to adapters (it has no timer).

import { createInProcessLock, type Lock } from '@cogflow/core';
import { lockTimeout } from './lock-timeout.js';

export function memoryLock(): Lock {
  const lock = createInProcessLock();
  return {
    withLock(name, fn, { waitMs } = {}) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let late = false;
      const expired = new Promise<never>((_, reject) => {
        if (waitMs !== undefined) {
          timer = setTimeout(() => {
            late = true;
            reject(lockTimeout(name, waitMs));
          }, waitMs);
        }
      });
      return Promise.race([
        // A waiter that gave up keeps its place in the queue, and passes its turn on at once without running fn.
        lock.withLock(name, async () => {
          clearTimeout(timer);
          return late ? (undefined as never) : fn();
        }),
        expired,
      ]);
    },
  };
}
