// The error every browser lock gives when its wait runs out (core's `LOCK_TIMEOUT`).

import { CogflowError } from '@cogflow/core';

export function lockTimeout(name: string, waitMs: number): CogflowError {
  return new CogflowError('LOCK_TIMEOUT', `Lock "${name}" was not free within ${waitMs} ms`);
}
