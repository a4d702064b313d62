// fetchTransport against the error-answer table that sdkTransport's tests run too: one mapping (core's
// errorFromAnswer) for both transports.

import { fetchTransport } from '../src/fetch-transport.js';
import { errorAnswerSuite } from './error-answers-table.js';

errorAnswerSuite((endpoint) => fetchTransport({ endpoint, maxAttempts: 3 }));
