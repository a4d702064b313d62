// The service's NotAuthorizedException about the access token itself ("Access Token has been revoked" / "has
// expired") as a code of its own, for the operations that send one: TOKEN_REVOKED or TOKEN_EXPIRED.

import { type CogflowError, ServiceError } from '../errors.js';

export function accessTokenError(error: CogflowError): CogflowError {
  const found =
    error instanceof ServiceError && error.code === 'NOT_AUTHORIZED'
      ? /access token has (been revoked|expired)/i.exec(error.message)
      : null;
  if (!found) return error;
  const { type, message, status } = error as ServiceError;
  return new ServiceError(found[1] === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_REVOKED', type, message, status);
}
