// fetchTransport against test-kit's error-answer table, which sdkTransport's tests run too: one classification of
// every answer for both transports.

import { errorAnswerConformance } from '@cogflow/test-kit/error-answers';
import { runInVitest } from '@cogflow/test-kit/vitest';
import { fetchTransport } from '../src/fetch-transport.js';

runInVitest(
  'error answers (the table shared by the browser and node transports)',
  errorAnswerConformance((endpoint) => fetchTransport({ endpoint, maxAttempts: 3 })),
);
