// errorFromAnswer: the one mapping of an error answer that every transport uses (browser fetch, node SDK).

import { describe, expect, it } from 'vitest';
import { errorFromAnswer, ProtocolError, ServiceError } from '../src/errors.js';
import { retryReason } from '../src/transport-policy.js';

describe('errorFromAnswer', () => {
  it('a well-formed type is a ServiceError with code, type, status and the message', () => {
    const error = errorFromAnswer(
      'InitiateAuth',
      400,
      'com.amazonaws.cognito#NotAuthorizedException',
      'Nope.',
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'NOT_AUTHORIZED', type: 'NotAuthorizedException', status: 400 });
    expect(error.message).toBe('NotAuthorizedException: Nope.');
  });

  it('a message that is not a string is left out', () => {
    expect(errorFromAnswer('GetUser', 400, 'CodeMismatchException', { a: 1 }).message).toBe(
      'CodeMismatchException',
    );
  });

  it('a hostile type (newline, markup, space, 3000 characters) is a ProtocolError that repeats none of it', () => {
    for (const type of ['Not\nAuthorized', '<script>', 'a b', 'X'.repeat(3000), 'Ünïcode']) {
      const error = errorFromAnswer('GetUser', 400, type, 'hostile message');
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.message).toBe('GetUser: malformed error type');
    }
    // 256 characters is still a type; 257 is not.
    expect(errorFromAnswer('GetUser', 400, 'X'.repeat(256), undefined)).toBeInstanceOf(ServiceError);
    expect(errorFromAnswer('GetUser', 400, 'X'.repeat(257), undefined)).toBeInstanceOf(ProtocolError);
  });

  it('no type (missing, empty, not a string): a 5xx is a ServiceError with its status, the rest a ProtocolError', () => {
    for (const type of [undefined, null, '', 42]) {
      for (const status of [500, 502, 503, 504]) {
        expect(errorFromAnswer('GetUser', status, type, 'm')).toMatchObject({
          name: 'ServiceError',
          code: 'SERVICE_ERROR',
          status,
        });
      }
      for (const status of [200, 302, 400, 403, 404, 499]) {
        const error = errorFromAnswer('GetUser', status, type, 'm');
        expect(error).toBeInstanceOf(ProtocolError);
        expect(error.message).toBe(`GetUser: HTTP ${status} with a malformed answer`);
      }
    }
  });

  it('an untyped 5xx is retried exactly when a typed one is: for repeatable operations only', () => {
    const untyped = errorFromAnswer('GetUser', 502, undefined, undefined);
    const typed = errorFromAnswer('GetUser', 500, 'InternalErrorException', 'boom');
    for (const error of [untyped, typed]) {
      expect(retryReason('GetUser', error)).toBe('server-error');
      expect(retryReason('RespondToAuthChallenge', error)).toBeUndefined();
    }
    expect(retryReason('GetUser', errorFromAnswer('GetUser', 403, undefined, undefined))).toBeUndefined();
  });
});
