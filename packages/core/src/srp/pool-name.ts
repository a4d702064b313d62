// The pool name that Cognito's SRP hashes: the part of the user-pool id after the underscore.

import { InputError } from '../errors.js';

// A region (letters, digits, dashes) and an alphanumeric id, joined by exactly one underscore: `us-east-1_AbC123`.
const USER_POOL_ID = /^[A-Za-z0-9-]+_([0-9A-Za-z]+)$/;

/** `us-east-1_AbC123` -> `AbC123`. Anything that is not a user-pool id is an InputError. */
export function userPoolName(userPoolId: string): string {
  const match = typeof userPoolId === 'string' ? USER_POOL_ID.exec(userPoolId) : null;
  if (!match) throw new InputError('Bad userPoolId');
  return match[1]!;
}
