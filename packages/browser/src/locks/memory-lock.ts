// A Lock for one page or worker only: a promise queue per name, for contexts with neither Web Locks nor storage.

import type { Lock, LockOptions } from '@cogflow/core';
import { lockTimeout } from './lock-timeout.js';

export function memoryLock(): Lock {
  const tails = new Map<string, Promise<void>>();
  return {
    async withLock<T>(name: string, fn: () => Promise<T>, lockOptions: LockOptions = {}): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => mine);
      tails.set(name, tail);
      try {
        if (lockOptions.waitMs === undefined) await previous;
        else {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const timedOut = new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), lockOptions.waitMs);
          });
          const outcome = await Promise.race([previous.then(() => 'free' as const), timedOut]);
          clearTimeout(timer);
          if (outcome === 'timeout') throw lockTimeout(name, lockOptions.waitMs);
        }
        return await fn();
      } finally {
        release();
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
  };
}
