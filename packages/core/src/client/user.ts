// deleteUser: the user deletes their own account (DeleteUser), and every local trace of them goes with it:
// tokens, device secrets, the aliases that point to them, pending sign-ins and a kept sign-up Session.

import type { AccountCallOptions } from '../account/types.js';
import { decodeJWTClaims } from '../tokens/jwt.js';
import type { AuthClient } from '../types.js';
import { withAccessToken } from './access.js';
import type { AuthCore } from './context.js';
import { drop, dropTokens, isString, readRecord, readTokens } from './records.js';

/** The names a person may have typed for this user: the stored aliases use them as keys. */
function namesOf(user: string, typed: string, idToken: string | undefined): string[] {
  const names = [user, typed];
  if (idToken) {
    try {
      const claims = decodeJWTClaims(idToken, 'ID token');
      for (const claim of ['cognito:username', 'email', 'phone_number', 'preferred_username', 'sub'])
        if (isString(claims[claim]) && claims[claim]) names.push(claims[claim] as string);
    } catch {
      // A token that does not decode names nothing more; the others are still cleared.
    }
  }
  return [...new Set(names)];
}

async function clearLocal(core: AuthCore, user: string, names: string[]): Promise<void> {
  const { keys, options } = core;
  await dropTokens(core, user);
  await drop(core, keys.device(user));
  for (const name of names) {
    const alias = await readRecord<{ username: string }>(
      options.store,
      keys.alias(name),
      'alias',
      () => true,
    );
    // Only an alias that still points to this user: another user may hold that name by now.
    if (alias?.username === user) await drop(core, keys.alias(name));
    const index = await readRecord<{ ids: unknown }>(
      options.store,
      keys.pendingIndex(name),
      'index',
      () => true,
    );
    if (Array.isArray(index?.ids))
      for (const id of index.ids) if (isString(id)) await drop(core, keys.pending(id));
    await drop(core, keys.pendingIndex(name));
    await drop(core, keys.signUp(name));
  }
}

/**
 * Deletes the signed-in user's account (DeleteUser with the access token), then everything kept here about them.
 * The local traces go only once the service has deleted the user, so a failed call can be retried.
 */
export async function deleteUser(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<void> {
  const { core } = auth;
  const { user } = await withAccessToken(auth, username, 'DeleteUser', {}, false, options);
  // Read after the call: withAccessToken may have refreshed the tokens, and the ID token names the aliases.
  const tokens = await readTokens(core, user);
  await clearLocal(core, user, namesOf(user, username, tokens?.idToken));
  core.emit({ type: 'signed-out', username: user });
}
