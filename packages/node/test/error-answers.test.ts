// sdkTransport against test-kit's error-answer table, which fetchTransport's tests run too: one classification of
// every answer for both transports.

import { errorAnswerConformance } from '@cogflow/test-kit/error-answers';
import { runInVitest } from '@cogflow/test-kit/vitest';
import { sdkTransport } from '../src/sdk-transport.js';

runInVitest(
  'error answers (the table shared by the browser and node transports)',
  errorAnswerConformance((endpoint) =>
    sdkTransport({ region: 'eu-west-1', endpoint, maxAttempts: 3, retry: { baseDelayMs: 1, maxDelayMs: 5 } }),
  ),
);
