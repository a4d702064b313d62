// The two parts of a user-pool id: the pool name that Cognito's SRP hashes (after the underscore) and the region
// whose endpoint serves the pool (before it).

import { InputError } from '../errors.js';

/** `us-east-1_AbC123` -> `AbC123`. Anything that is not a user-pool id is an InputError. */
export function userPoolName(userPoolId: string): string {
  // A region (letters, digits, dashes) and an alphanumeric id, joined by exactly one underscore.
  const match = typeof userPoolId === 'string' ? /^[A-Za-z0-9-]+_([0-9A-Za-z]+)$/.exec(userPoolId) : null;
  if (!match)
    throw new InputError(
      'Bad userPoolId: expected region_id, as the console shows it (e.g. us-east-1_AbC123)',
    );
  return match[1]!;
}

/** `us-east-1_AbC123` -> `us-east-1`, the adapters' default region; checked as userPoolName checks. */
export function userPoolRegion(userPoolId: string): string {
  const name = userPoolName(userPoolId);
  return userPoolId.slice(0, -name.length - 1);
}
