// Registers conformance cases as vitest tests. A separate entry point, so a browser bundle of the suites never pulls vitest.

import { describe, it } from 'vitest';
import type { ConformanceCase } from './case.js';

export interface RunInVitestOptions {
  /** Per-case timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Skip the whole suite, e.g. when its server binary is missing; the reason shows in the test name. */
  skip?: string | false;
}

export function runInVitest(
  suiteName: string,
  cases: ConformanceCase[],
  options: RunInVitestOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;
  const skip = options.skip;
  if (skip) {
    describe.skip(`${suiteName} (skipped: ${skip})`, () => {
      for (const testCase of cases) it(testCase.name, () => undefined);
    });
    return;
  }
  describe(suiteName, () => {
    for (const testCase of cases) it(testCase.name, () => testCase.run(), timeout);
  });
}
