// sdkTransport against the error-answer table that fetchTransport's tests run too: one mapping (core's
// errorFromAnswer) for both transports.

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { sdkTransport } from '../src/sdk-transport.js';
import { errorAnswerSuite } from './error-answers-table.js';

errorAnswerSuite((endpoint) =>
  sdkTransport({ region: 'eu-west-1', endpoint, maxAttempts: 3, retry: { baseDelayMs: 1, maxDelayMs: 5 } }),
);

it('runs the same table as the browser transport (the two copies are identical)', () => {
  const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
  expect(read('./error-answers-table.ts')).toBe(read('../../browser/test/error-answers-table.ts'));
});
