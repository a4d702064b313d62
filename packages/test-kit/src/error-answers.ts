// The error-answer conformance suite for a Transport (Node only: it serves each answer from a real HTTP server on
// 127.0.0.1): every transport maps each answer to the same typed error and retries it the same number of times.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationName, Transport } from '@cogflow/core';
import { assertEqual, assertTrue, fail } from './assert.js';
import type { ConformanceCase } from './case.js';

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

interface ErrorCase {
  name: string;
  answer: Answer;
  /** Fields the error must carry (name, code, type, status). */
  expected: Record<string, unknown>;
  /** Text that must not appear in the error's message (hostile text, bodies). */
  absent?: string[];
  /** Requests made for a repeatable operation (GetUser) and for an acts-once one (RespondToAuthChallenge). */
  calls: { repeatable: number; actsOnce: number };
}

const JSON_TYPE = { 'content-type': 'application/x-amz-json-1.1' };
const jsonAnswer = (status: number, value: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { ...JSON_TYPE, ...headers },
  body: JSON.stringify(value),
});

/** The one table: answers a service, a proxy or an attacker may give, and the one classification of each. */
export const ERROR_ANSWER_CASES: ErrorCase[] = [
  {
    name: 'a typed 4xx is a ServiceError with its code, type and status',
    answer: jsonAnswer(400, {
      __type: 'com.amazonaws.cognito#NotAuthorizedException',
      message: 'Incorrect username or password.',
    }),
    expected: { name: 'ServiceError', code: 'NOT_AUTHORIZED', type: 'NotAuthorizedException', status: 400 },
    calls: { repeatable: 1, actsOnce: 1 },
  },
  {
    name: 'a non-JSON 4xx with the x-amzn-ErrorType header takes the header, and no body text',
    answer: {
      status: 400,
      headers: { ...JSON_TYPE, 'x-amzn-ErrorType': 'CodeMismatchException:http://internal.amazon.com/' },
      body: 'not json at all',
    },
    expected: { name: 'ServiceError', code: 'CODE_MISMATCH', type: 'CodeMismatchException', status: 400 },
    absent: ['not json'],
    calls: { repeatable: 1, actsOnce: 1 },
  },
  {
    name: 'a typed 5xx is retried only for an operation that is safe to repeat',
    answer: jsonAnswer(500, { __type: 'InternalErrorException', message: 'boom' }),
    expected: { name: 'ServiceError', code: 'INTERNAL_ERROR', status: 500 },
    calls: { repeatable: 3, actsOnce: 1 },
  },
  {
    name: 'an untyped gateway 502 (HTML) is a ServiceError with its status, retried like any 5xx',
    answer: { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' },
    expected: { name: 'ServiceError', code: 'SERVICE_ERROR', status: 502 },
    absent: ['<html>', 'Bad Gateway'],
    calls: { repeatable: 3, actsOnce: 1 },
  },
  {
    name: 'an untyped 4xx (a proxy page) is a ProtocolError',
    answer: { status: 403, headers: { 'content-type': 'text/html' }, body: 'forbidden by a proxy' },
    expected: { name: 'ProtocolError', code: 'PROTOCOL' },
    absent: ['forbidden'],
    calls: { repeatable: 1, actsOnce: 1 },
  },
  {
    name: 'an HTML page with status 200 (a captive portal) is a ProtocolError, never retried, its text not repeated',
    answer: {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>Sign in to the Wi-Fi</html>',
    },
    expected: { name: 'ProtocolError', code: 'PROTOCOL' },
    absent: ['<html>', 'Wi-Fi'],
    calls: { repeatable: 1, actsOnce: 1 },
  },
  {
    name: 'a 200 whose JSON is not an object is a ProtocolError',
    answer: jsonAnswer(200, ['not', 'an', 'object']),
    expected: { name: 'ProtocolError', code: 'PROTOCOL' },
    calls: { repeatable: 1, actsOnce: 1 },
  },
  {
    name: 'an error type with a newline and markup is a ProtocolError repeating none of it',
    answer: jsonAnswer(400, { __type: 'Not\nAuthorized <script>', message: 'hostile message' }),
    expected: { name: 'ProtocolError', code: 'PROTOCOL' },
    absent: ['script', 'Authorized', 'hostile'],
    calls: { repeatable: 1, actsOnce: 1 },
  },
  {
    name: 'an error type of 3000 characters is a ProtocolError',
    answer: jsonAnswer(400, { __type: 'X'.repeat(3000), message: 'm' }),
    expected: { name: 'ProtocolError', code: 'PROTOCOL' },
    absent: ['XXXXXXXX'],
    calls: { repeatable: 1, actsOnce: 1 },
  },
  {
    name: 'a 5xx whose type has a space is a ProtocolError and is not retried',
    answer: jsonAnswer(503, { __type: 'Service Unavailable', message: 'm' }),
    expected: { name: 'ProtocolError', code: 'PROTOCOL' },
    calls: { repeatable: 1, actsOnce: 1 },
  },
  {
    name: 'a service message is kept single-line and cut to 200 characters',
    answer: jsonAnswer(400, {
      __type: 'InvalidParameterException',
      message: `line one\nline two ${'y'.repeat(500)}`,
    }),
    expected: { name: 'ServiceError', code: 'INVALID_PARAMETER', status: 400 },
    absent: ['\n', 'y'.repeat(201)],
    calls: { repeatable: 1, actsOnce: 1 },
  },
];

/** Serves `answer` to every request on 127.0.0.1 for the length of `use`, counting the requests. */
async function serving<T>(
  answer: Answer,
  use: (endpoint: string, calls: () => number) => Promise<T>,
): Promise<T> {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls += 1;
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, () => calls);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * The cases, run against the transport `make` builds for an endpoint. It must make at most 3 attempts with a short
 * backoff, so that a retried answer shows as 3 requests.
 */
export function errorAnswerConformance(make: (endpoint: string) => Transport): ConformanceCase[] {
  return ERROR_ANSWER_CASES.map((testCase) => ({
    name: testCase.name,
    run: () =>
      serving(testCase.answer, async (endpoint, calls) => {
        for (const [operation, expectedCalls] of [
          ['GetUser', testCase.calls.repeatable],
          ['RespondToAuthChallenge', testCase.calls.actsOnce],
        ] as const) {
          const before = calls();
          const transport = make(endpoint);
          const error = await (operation === 'GetUser'
            ? transport.send('GetUser' satisfies OperationName, { AccessToken: 't' })
            : transport.send('RespondToAuthChallenge', {
                ClientId: 'c',
                ChallengeName: 'SMS_MFA',
                Session: 's',
              })
          ).then(
            (value) => fail(`${operation}: expected an error, got an answer ${JSON.stringify(value)}`),
            (e: unknown) => e,
          );
          assertTrue(error instanceof Error, `${operation}: expected an Error, got ${String(error)}`);
          for (const [field, value] of Object.entries(testCase.expected))
            assertEqual(
              (error as unknown as Record<string, unknown>)[field],
              value,
              `${operation}: error.${field}`,
            );
          const message = (error as Error).message;
          assertTrue(message.length <= 260, `${operation}: a message of ${message.length} characters`);
          for (const text of testCase.absent ?? [])
            assertTrue(!message.includes(text), `${operation}: the message repeats ${JSON.stringify(text)}`);
          assertEqual(calls() - before, expectedCalls, `${operation}: requests made`);
        }
      }),
  }));
}
