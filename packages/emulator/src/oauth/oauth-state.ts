// What the user-pool domains keep in memory only (not in the state file): authorization codes, managed-login
// sessions (the domain cookie), sign-ins waiting on an MFA code, federated sign-ins in flight.
import type { Store } from '../state.js';

/** An authorization code: single use, alive five minutes (developer guide, authorization endpoint). */
export interface CodeGrant {
  poolId: string;
  clientId: string;
  username: string;
  redirectUri: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
  expiresAt: number;
}

/** The session managed login keeps in a cookie on the domain, so a second authorize needs no form. */
export interface DomainSession {
  domain: string;
  poolId: string;
  username: string;
  authTime: number;
  expiresAt: number;
}

/** A managed-login sign-in past its password, waiting for a new password or the user's MFA code. */
export interface PendingLogin {
  domain: string;
  query: string;
  poolId: string;
  username: string;
  /** The step the page waits for: a new password (a temporary one was used), or an MFA code. */
  method: 'NEW_PASSWORD' | 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP';
  code?: string;
  attempts: number;
  expiresAt: number;
}

/** A federated sign-in sent to the identity provider, waiting for its answer at /oauth2/idpresponse. */
export interface PendingFederation {
  domain: string;
  query: string;
  poolId: string;
  providerName: string;
  expiresAt: number;
}

export interface OAuthState {
  codes: Map<string, CodeGrant>;
  sessions: Map<string, DomainSession>;
  logins: Map<string, PendingLogin>;
  federations: Map<string, PendingFederation>;
}

const states = new WeakMap<Store, OAuthState>();

export function oauthStateOf(store: Store): OAuthState {
  let s = states.get(store);
  if (!s) {
    s = { codes: new Map(), sessions: new Map(), logins: new Map(), federations: new Map() };
    states.set(store, s);
  }
  return s;
}

/** Drops what has expired, so a long run does not grow the tables. */
export function sweep(state: OAuthState, now: number): void {
  for (const table of [state.codes, state.sessions, state.logins, state.federations] as Map<
    string,
    { expiresAt: number }
  >[]) {
    if (table.size < 256) continue;
    for (const [k, v] of table) if (v.expiresAt <= now) table.delete(k);
  }
}

export const CODE_TTL_MS = 5 * 60_000;
/** Managed login's session cookie lasts one hour (developer guide, managed login). */
export const SESSION_TTL_MS = 60 * 60_000;
export const LOGIN_TTL_MS = 3 * 60_000;
