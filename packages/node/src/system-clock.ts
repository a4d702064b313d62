// The Clock port on the process's wall clock.

import type { Clock } from '@cogflow/core';

export const systemClock: Clock = { now: (): number => Date.now() };
