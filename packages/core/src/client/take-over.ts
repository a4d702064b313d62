// Taking over the sessions that amazon-cognito-identity-js (6.x) and Amplify v6 stored, so an app that switches to
// cogflow signs nobody out. Both keep, under `CognitoIdentityServiceProvider.<clientId>.`: `LastAuthUser`, and per
// user `<user>.idToken`, `.accessToken`, `.refreshToken`, with the remembered device in `<user>.deviceKey`,
// `.deviceGroupKey` and `.randomPasswordKey` (the device password). Facts read from both libraries; no code of theirs.

import { InputError } from '../errors.js';
import type { MaybePromise } from '../ports.js';
import { decodeJWTClaims } from '../tokens/jwt.js';
import type { AuthClient, SignedInUser, TokenSet } from '../types.js';
import { put, readDevice, readTokens, saveTokens } from './records.js';

/** Where the old library kept its keys: localStorage, a cookie jar read into an object, its own storage... */
export interface LegacyStorage {
  getItem(key: string): MaybePromise<string | null | undefined>;
  removeItem?(key: string): MaybePromise<void>;
}

export interface TakeOverOptions {
  /** The user to take over; default the old library's LastAuthUser. */
  username?: string;
  /** Delete the old library's keys once copied (default false: an app that rolls back still finds them). */
  removeOld?: boolean;
}

export interface TakenOver {
  user: SignedInUser;
  /** Tokens copied (false when cogflow already had this user's tokens: it is newer and kept). */
  tokens: boolean;
  /** The remembered device copied (false when cogflow already kept one), so the next sign-in skips MFA. */
  device: boolean;
}

const TOKEN_KEYS = ['idToken', 'accessToken', 'refreshToken'] as const;
const DEVICE_KEYS = ['deviceKey', 'deviceGroupKey', 'randomPasswordKey'] as const;

/** A plain object of stored keys (a JSON file, parsed cookies) as a LegacyStorage. */
export function legacyStorageFrom(entries: Record<string, string>): LegacyStorage {
  return { getItem: (key) => (Object.hasOwn(entries, key) ? entries[key] : undefined) };
}

/**
 * Copies the old library's session for one user into cogflow's store, once: tokens (unless cogflow already holds
 * this user's) and the remembered device. Undefined when the old storage holds no usable session. Values that
 * are not what the libraries write (a token that is not a JWT) are refused with an InputError naming the key,
 * never their content.
 */
export async function takeOverSession(
  auth: AuthClient,
  storage: LegacyStorage,
  options: TakeOverOptions = {},
): Promise<TakenOver | undefined> {
  const { core } = auth;
  const prefix = `CognitoIdentityServiceProvider.${auth.clientId}.`;
  const name = options.username ?? (await storage.getItem(`${prefix}LastAuthUser`));
  if (!name) return undefined;
  const read = async (key: string): Promise<string | undefined> =>
    (await storage.getItem(`${prefix}${name}.${key}`)) || undefined;
  const [idToken, accessToken, refreshToken] = await Promise.all(TOKEN_KEYS.map(read));
  if (!accessToken) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = decodeJWTClaims(accessToken);
  } catch {
    throw new InputError(
      `The stored ${prefix}<user>.accessToken must be a JWT: remove it, the user signs in again`,
    );
  }
  const { exp, username, sub } = claims;
  if (typeof exp !== 'number')
    throw new InputError('The stored access token must have an exp: remove it, the user signs in again');
  // The canonical name is the token's; the old key may hold an alias.
  const user = typeof username === 'string' && username ? username : name;
  const [deviceKey, deviceGroupKey, devicePassword] = await Promise.all(DEVICE_KEYS.map(read));
  const hasDevice = Boolean(deviceKey && deviceGroupKey && devicePassword);
  const tokens: TokenSet = { accessToken, expiresAt: exp * 1000 };
  if (idToken) tokens.idToken = idToken;
  if (refreshToken) tokens.refreshToken = refreshToken;
  // Refreshes must carry the DEVICE_KEY the tokens were issued with.
  const tokenDevice = claims.device_key;
  if (typeof tokenDevice === 'string' && tokenDevice) tokens.deviceKey = tokenDevice;
  else if (hasDevice) tokens.deviceKey = deviceKey!;

  const copyTokens = !(await readTokens(core, user));
  if (copyTokens) {
    if (name !== user) await put(core, core.keys.alias(name), { username: user });
    await saveTokens(core, user, tokens);
  }
  // A device cogflow already keeps for this user is newer: kept, as its tokens are.
  const copyDevice = hasDevice && !(await readDevice(core, user));
  if (copyDevice) await put(core, core.keys.device(user), { deviceKey, deviceGroupKey, devicePassword });
  if (options.removeOld && storage.removeItem) {
    for (const key of [...TOKEN_KEYS, ...DEVICE_KEYS, 'clockDrift', 'signInDetails'])
      await storage.removeItem(`${prefix}${name}.${key}`);
    await storage.removeItem(`${prefix}LastAuthUser`);
  }
  return {
    user: typeof sub === 'string' && sub ? { username: user, sub } : { username: user },
    tokens: copyTokens,
    device: copyDevice,
  };
}
