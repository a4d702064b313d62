// A Lock for one page or worker only, for contexts with neither Web Locks nor storage: core's in-process lock, plus
// the `waitMs` that core leaves to adapters (it has no timer).

import { createInProcessLock, type Lock, type LockOptions } from '@cogflow/core';
import { lockTimeout } from './lock-timeout.js';

export function memoryLock(): Lock {
  const lock = createInProcessLock();
  return {
    withLock: <T>(name: string, fn: () => Promise<T>, { waitMs }: LockOptions = {}): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        let late = false;
        const timer =
          waitMs === undefined
            ? undefined
            : setTimeout(() => {
                late = true;
                reject(lockTimeout(name, waitMs));
              }, waitMs);
        // A waiter that gave up keeps its place in the queue, and passes its turn on at once without running fn.
        lock
          .withLock(name, async () => {
            clearTimeout(timer);
            if (!late) resolve(await fn());
          })
          .catch(reject);
      }),
  };
}
