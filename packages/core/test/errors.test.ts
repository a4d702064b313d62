// errors.ts: every service error type with a code of its own maps to that code (the code is derived from the type's
// name, so each one is listed here by hand); anything else is SERVICE_ERROR; the classes keep code, name, instanceof.

import { describe, expect, it } from 'vitest';
import {
  CogflowError,
  InputError,
  ProtocolError,
  ServiceError,
  StateError,
  StoreError,
  serviceError,
  TransportError,
} from '../src/errors.js';

const CODES: Record<string, string> = {
  NotAuthorizedException: 'NOT_AUTHORIZED',
  UserNotFoundException: 'USER_NOT_FOUND',
  UserNotConfirmedException: 'USER_NOT_CONFIRMED',
  PasswordResetRequiredException: 'PASSWORD_RESET_REQUIRED',
  CodeMismatchException: 'CODE_MISMATCH',
  ExpiredCodeException: 'EXPIRED_CODE',
  InvalidPasswordException: 'INVALID_PASSWORD',
  InvalidParameterException: 'INVALID_PARAMETER',
  TooManyRequestsException: 'TOO_MANY_REQUESTS',
  TooManyFailedAttemptsException: 'TOO_MANY_FAILED_ATTEMPTS',
  LimitExceededException: 'LIMIT_EXCEEDED',
  ResourceNotFoundException: 'RESOURCE_NOT_FOUND',
  UsernameExistsException: 'USERNAME_EXISTS',
  AliasExistsException: 'ALIAS_EXISTS',
  SoftwareTokenMFANotFoundException: 'SOFTWARE_TOKEN_MFA_NOT_FOUND',
  EnableSoftwareTokenMFAException: 'ENABLE_SOFTWARE_TOKEN_MFA',
  InvalidUserPoolConfigurationException: 'INVALID_USER_POOL_CONFIGURATION',
  InternalErrorException: 'INTERNAL_ERROR',
};

describe('serviceError', () => {
  it('maps each known type, with or without namespace and gateway suffix, to its code', () => {
    for (const [type, code] of Object.entries(CODES)) {
      for (const raw of [type, `com.amazonaws.cognito#${type}`, `${type}:http://internal.amazon.com/`]) {
        const error = serviceError(raw, 'a message', 400);
        expect(error).toBeInstanceOf(ServiceError);
        expect(error).toMatchObject({ code, type, status: 400, name: 'ServiceError' });
      }
    }
  });

  it('gives SERVICE_ERROR to every other type, near misses included', () => {
    for (const type of [
      'UnexpectedLambdaException',
      'NOTAuthorizedException',
      'Not_AuthorizedException',
      'NotAuthorized',
      'notAuthorizedException',
      'NotAuthorizedExceptionException',
      'Exception',
      'toString',
      '__proto__',
      '',
    ]) {
      expect(serviceError(type, undefined).code).toBe('SERVICE_ERROR');
    }
  });

  it('an expired or invalid session is SESSION_EXPIRED; the message is one line, capped', () => {
    expect(
      serviceError('NotAuthorizedException', 'Invalid session for the user, session is expired.').code,
    ).toBe('SESSION_EXPIRED');
    expect(serviceError('NotAuthorizedException', 'Incorrect username or password.').code).toBe(
      'NOT_AUTHORIZED',
    );
    const long = serviceError('InternalErrorException', `a\r\nb${'x'.repeat(500)}`);
    expect(long.message).not.toMatch(/[\r\n]/);
    expect(long.message.length).toBeLessThanOrEqual('InternalErrorException: '.length + 200);
  });
});

describe('error classes', () => {
  it('keep their code, name and place in the hierarchy', () => {
    const cases: Array<[CogflowError, string, string]> = [
      [new CogflowError('NO_SESSION', 'm'), 'NO_SESSION', 'CogflowError'],
      [new TransportError('TIMEOUT', 'm', { cause: 1 }), 'TIMEOUT', 'TransportError'],
      [new ProtocolError('m', { challenge: 'C', field: 'F' }), 'PROTOCOL', 'ProtocolError'],
      [new InputError('m'), 'INVALID_INPUT', 'InputError'],
      [new StateError('m'), 'INVALID_STATE', 'StateError'],
      [new StoreError('STORE_CORRUPT', 'm'), 'STORE_CORRUPT', 'StoreError'],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(CogflowError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
    }
    expect(new TransportError('TRANSPORT', 'm', { cause: 1 }).cause).toBe(1);
    expect(new ProtocolError('m', { challenge: 'C', field: 'F' })).toMatchObject({
      challenge: 'C',
      field: 'F',
    });
  });
});
