// Error answers, each sent by a real HTTP server: the same table runs in @cogflow/browser's and @cogflow/node's
// tests (test/error-answers.test.ts in both), so the two transports must map every one the same way.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationName, Transport } from '@cogflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

interface ErrorCase {
  name: string;
  answer: Answer;
  expected: Record<string, unknown>;
  /** Messages that must not appear in the error (hostile text, bodies). */
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

export const ERROR_CASES: ErrorCase[] = [
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

/** Runs every case against the transport `make` builds for an endpoint (3 attempts, fast backoff where possible). */
export function errorAnswerSuite(make: (endpoint: string) => Transport): void {
  let server: Server;
  let endpoint: string;
  let current: Answer;
  let calls = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls += 1;
        res.writeHead(current.status, {
          ...current.headers,
          'content-length': Buffer.byteLength(current.body),
        });
        res.end(current.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = async (operation: OperationName): Promise<{ error: unknown; calls: number }> => {
    calls = 0;
    const transport = make(endpoint);
    const error = await (operation === 'GetUser'
      ? transport.send('GetUser', { AccessToken: 't' })
      : transport.send('RespondToAuthChallenge', { ClientId: 'c', ChallengeName: 'SMS_MFA', Session: 's' })
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, calls };
  };

  describe('error answers (the table shared by the browser and node transports)', () => {
    for (const testCase of ERROR_CASES) {
      it(testCase.name, async () => {
        current = testCase.answer;
        for (const [operation, expectedCalls] of [
          ['GetUser', testCase.calls.repeatable],
          ['RespondToAuthChallenge', testCase.calls.actsOnce],
        ] as const) {
          const { error, calls: made } = await send(operation);
          expect(error, operation).toMatchObject(testCase.expected);
          const message = (error as Error).message;
          expect(message.length, operation).toBeLessThanOrEqual(260);
          for (const text of testCase.absent ?? []) expect(message, operation).not.toContain(text);
          expect(made, operation).toBe(expectedCalls);
        }
      });
    }
  });
}
