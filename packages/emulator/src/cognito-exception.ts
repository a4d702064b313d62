// A service error as Cognito's JSON 1.1 protocol returns it: `__type`, message and HTTP status (AWS API reference).

export class CognitoException extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
    this.name = 'CognitoException';
  }
}

export const notAuthorized = (message = 'Incorrect username or password.'): CognitoException =>
  new CognitoException('NotAuthorizedException', message);

export const invalidParameter = (message: string): CognitoException =>
  new CognitoException('InvalidParameterException', message);

export const resourceNotFound = (message: string): CognitoException =>
  new CognitoException('ResourceNotFoundException', message);

export const codeMismatch = (message = 'Invalid code received for user'): CognitoException =>
  new CognitoException('CodeMismatchException', message);

export const expiredCode = (
  message = 'Invalid code provided, please request a code again.',
): CognitoException => new CognitoException('ExpiredCodeException', message);

export const userNotFound = (): CognitoException =>
  new CognitoException('UserNotFoundException', 'User does not exist.');

/** A required member is absent: the service names it in a validation message. */
export function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidParameter(
      `1 validation error detected: Value at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** A required entry of AuthParameters or ChallengeResponses is absent. */
export function requireParam(params: Record<string, string> | undefined, name: string): string {
  const value = params?.[name];
  if (typeof value !== 'string' || value.length === 0)
    throw invalidParameter(`Missing required parameter ${name}`);
  return value;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
