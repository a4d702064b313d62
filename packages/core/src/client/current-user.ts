// Who is signed in: the users this app client holds tokens for, read from the store, so that a page after a reload
// or a server after a restart knows them without keeping the name itself (Amplify's getCurrentUser).

import { CogflowError } from '../errors.js';
import { decodeJWTClaims } from '../tokens/jwt.js';
import type { AuthClient, SignedInUser, TokenSet } from '../types.js';
import { readTokens, readUsers } from './records.js';

function userOf(username: string, tokens: TokenSet): SignedInUser {
  let sub: unknown;
  try {
    sub = decodeJWTClaims(tokens.idToken ?? tokens.accessToken).sub;
  } catch {
    // A token that is not a readable JWT still names its user by the store.
  }
  return typeof sub === 'string' && sub ? { username, sub } : { username };
}

/**
 * Every user with tokens in the store, most recently signed in last. Tokens are not refreshed and may have expired:
 * getTokens says whether the session still lives.
 */
export async function listSignedInUsers(auth: AuthClient): Promise<SignedInUser[]> {
  const { core } = auth;
  const users: SignedInUser[] = [];
  // The index is a hint kept beside the tokens; a user listed without tokens (another tab signed out meanwhile)
  // is left out.
  for (const username of await readUsers(core)) {
    const tokens = await readTokens(core, username);
    if (tokens) users.push(userOf(username, tokens));
  }
  return users;
}

/** The most recently signed-in user whose tokens are in the store; NO_SESSION when there is none. */
export async function getCurrentUser(auth: AuthClient): Promise<SignedInUser> {
  const users = await listSignedInUsers(auth);
  const last = users.at(-1);
  if (!last) throw new CogflowError('NO_SESSION', 'Nobody is signed in');
  return last;
}
