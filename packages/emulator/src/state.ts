// The emulator's state: pools, clients, users, devices, refresh tokens, delivered messages; snapshot as plain JSON.
import { attributeValue } from './attribute-names.js';
import { ChangeTracker, TrackedMap, TrackedSet } from './change-tracker.js';
import type { SigningKey } from './jwt.js';
import type { PasswordVerifier } from './srp-server.js';
import { type Collection, loadSnapshot, MAX_MESSAGES, snapshotOf } from './state-replay.js';
import type { DeliveredMessage, FirstAuthFactor, MfaConfiguration, MfaType } from './types.js';

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export interface PoolRecord {
  id: string;
  name: string;
  createdAt: number;
  modifiedAt: number;
  mfaConfiguration: MfaConfiguration;
  enabledMfas: MfaType[];
  deviceConfiguration?: { ChallengeRequiredOnNewDevice: boolean; DeviceOnlyRememberedOnUserPrompt: boolean };
  usernameAttributes: string[];
  aliasAttributes: string[];
  autoVerifiedAttributes: string[];
  passwordPolicy: PasswordPolicy;
  allowedFirstAuthFactors: FirstAuthFactor[];
  webAuthnRelyingPartyId?: string;
  webAuthnUserVerification: 'required' | 'preferred';
  /**
   * UsernameConfiguration.CaseSensitive: true keys usernames (and matches e-mail / preferred_username aliases) by
   * exact case. Absent (older state files, seeds by default) means case-insensitive.
   */
  usernameCaseSensitive?: boolean;
  /** Other CreateUserPool members, echoed by DescribeUserPool. */
  extra: Record<string, unknown>;
  /** Made lazily (see poolSigningKey); kept in the state file once made. */
  key?: SigningKey;
  /** The tokens' `iss` for this pool (seed `tokenIssuer`); absent: the emulator's option (token-issuer.ts). */
  tokenIssuer?: 'emulator' | 'service';
}

export interface ClientRecord {
  poolId: string;
  id: string;
  name: string;
  secret?: string;
  explicitAuthFlows: string[];
  rotation?: { Feature: 'ENABLED' | 'DISABLED'; RetryGracePeriodSeconds?: number };
  accessValidityMinutes: number;
  idValidityMinutes: number;
  refreshValidityMinutes: number;
  preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
  /** AuthSessionValidity: how long a sign-in Session lives, 3-15 minutes; absent in older state files (then 3). */
  authSessionValidityMinutes?: number;
  /** The OAuth 2.0 settings (AllowedOAuthFlows, scopes, callback and logout URLs, identity providers). */
  oauth?: OAuthClientSettings;
  /** EnableTokenRevocation; absent means true (the service's default since 2021). */
  enableTokenRevocation?: boolean;
  createdAt: number;
  modifiedAt: number;
  extra: Record<string, unknown>;
}

export interface OAuthClientSettings {
  allowedOAuthFlowsUserPoolClient: boolean;
  allowedOAuthFlows: ('code' | 'implicit' | 'client_credentials')[];
  allowedOAuthScopes: string[];
  callbackURLs: string[];
  logoutURLs: string[];
  defaultRedirectURI?: string;
  supportedIdentityProviders: string[];
}

/** A user-pool domain (CreateUserPoolDomain): a prefix domain, served by the emulator under `/<domain>/`. */
export interface DomainRecord {
  domain: string;
  poolId: string;
  managedLoginVersion: number;
  createdAt: number;
}

/** A user-pool group (CreateGroup); `members` holds the subs of its users, so a user made again is in no group. */
export interface GroupRecord {
  poolId: string;
  name: string;
  description?: string;
  roleArn?: string;
  precedence?: number;
  members: string[];
  createdAt: number;
  modifiedAt: number;
}

export interface ResourceServerRecord {
  poolId: string;
  identifier: string;
  name: string;
  scopes: { ScopeName: string; ScopeDescription: string }[];
}

export interface IdentityProviderRecord {
  poolId: string;
  name: string;
  type: string;
  details: Record<string, string>;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  modifiedAt: number;
}

export interface WebAuthnCredentialRecord {
  id: string;
  publicKey: string;
  counter: number;
  transports?: string[];
  friendlyName?: string;
  createdAt: number;
  relyingPartyId: string;
  attachment?: string;
}

export interface UserRecord {
  poolId: string;
  username: string;
  sub: string;
  attributes: Record<string, string>;
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED' | 'RESET_REQUIRED' | 'EXTERNAL_PROVIDER';
  enabled: boolean;
  createdAt: number;
  modifiedAt: number;
  password?: PasswordVerifier;
  /** When the temporary password stops working (AdminCreateUser). */
  temporaryPasswordExpiresAt?: number;
  /** `webauthn`: passkey MFA (WebAuthnMfaSettings); absent in older state files. */
  mfa: { sms: boolean; totp: boolean; email: boolean; webauthn?: boolean; preferred?: MfaType };
  totp?: { secret: string; verified: boolean; lastCounter?: number; friendlyName?: string };
  /** A secret from AssociateSoftwareToken(AccessToken) not yet verified. */
  pendingTotpSecret?: string;
  webauthn: WebAuthnCredentialRecord[];
  pendingWebAuthnChallenge?: { challenge: string; expiresAt: number };
  /** Outstanding confirmation / forgot-password / attribute-verification codes. */
  codes: {
    kind: string;
    code: string;
    expiresAt: number;
    /** The attribute the code proves (email, phone_number) and, for an update awaiting it, the new value. */
    attribute?: string;
    value?: string;
  }[];
  /** Codes requested and wrong codes entered, for the hourly attempt limit (codes.ts). */
  codeAttempts?: { purpose: string; at: number }[];
  failedSignIns: number;
  /** Set after repeated wrong passwords: sign-in refused until then. */
  lockedUntil?: number;
}

export interface DeviceRecord {
  poolId: string;
  username: string;
  key: string;
  groupKey: string;
  name?: string;
  salt?: string;
  verifier?: string;
  confirmed: boolean;
  remembered: boolean;
  createdAt: number;
  modifiedAt: number;
  lastAuthenticatedAt?: number;
  lastIp?: string;
}

export interface RefreshRecord {
  token: string;
  poolId: string;
  clientId: string;
  username: string;
  originJti: string;
  deviceKey?: string;
  authTime: number;
  /** The OAuth scopes of a managed-login sign-in; absent for the API's (aws.cognito.signin.user.admin). */
  scopes?: string[];
  /** Set for refresh tokens from the token endpoint (managed login, federation). */
  viaDomain?: boolean;
  expiresAt: number;
  revoked: boolean;
  /** Set when rotated: the old token stays valid until then (the client's grace period). */
  rotatedUntil?: number;
}

export interface StateData {
  version: 1;
  /** The sequence number this snapshot was written at (the journal's records after it follow); absent: 0. */
  journalSeq?: number;
  clockOffset: number;
  pools: PoolRecord[];
  clients: ClientRecord[];
  users: UserRecord[];
  devices: DeviceRecord[];
  refreshTokens: RefreshRecord[];
  revokedOrigins: string[];
  messages: DeliveredMessage[];
  /** Absent in state files written before the OAuth endpoints. */
  domains?: DomainRecord[];
  resourceServers?: ResourceServerRecord[];
  identityProviders?: IdentityProviderRecord[];
  /** Absent in state files written before groups. */
  groups?: GroupRecord[];
}

/**
 * The in-memory state. Its maps note every record a request changes (change-tracker.ts), so that the journal can
 * write those records, and only those, before the request is answered (persistence.ts).
 */
export class Store {
  readonly tracker: ChangeTracker;
  pools: Map<string, PoolRecord>;
  clients: Map<string, ClientRecord>;
  users: Map<string, UserRecord>;
  devices: Map<string, DeviceRecord>;
  refreshTokens: Map<string, RefreshRecord>;
  revokedOrigins: Set<string>;
  messages: DeliveredMessage[] = [];
  /** By domain prefix. */
  domains: Map<string, DomainRecord>;
  /** By `${poolId} ${identifier}`. */
  resourceServers: Map<string, ResourceServerRecord>;
  /** By `${poolId} ${providerName}`. */
  identityProviders: Map<string, IdentityProviderRecord>;
  /** By `${poolId}\u0000${groupName}`: a Map, so a name only finds a group that was made. */
  groups: Map<string, GroupRecord>;
  private offset = 0;

  constructor(tracker: ChangeTracker = new ChangeTracker()) {
    this.tracker = tracker;
    const map = <V extends object>(name: string): Map<string, V> => new TrackedMap<V>(tracker, name);
    this.pools = map('pools');
    this.clients = map('clients');
    this.users = map('users');
    this.devices = map('devices');
    this.refreshTokens = map('refreshTokens');
    this.revokedOrigins = new TrackedSet(tracker, 'revokedOrigins');
    this.domains = map('domains');
    this.resourceServers = map('resourceServers');
    this.identityProviders = map('identityProviders');
    this.groups = map('groups');
  }

  /** The keyed collections, by the name the journal gives them. */
  collections(): Record<string, Collection> {
    const { pools, clients, users, devices, refreshTokens, revokedOrigins } = this;
    const { domains, resourceServers, identityProviders, groups } = this;
    return {
      pools,
      clients,
      users,
      devices,
      refreshTokens,
      revokedOrigins,
      domains,
      resourceServers,
      identityProviders,
      groups,
    };
  }

  get clockOffset(): number {
    return this.offset;
  }

  set clockOffset(ms: number) {
    this.offset = ms;
    this.tracker.markClock();
  }

  /** Sets the clock offset from the state file or the journal: nothing to journal. */
  loadClockOffset(ms: number): void {
    this.offset = ms;
  }

  /** Records a delivered SMS or e-mail (journaled), keeping the newest {@link MAX_MESSAGES}. */
  addMessage(message: DeliveredMessage): void {
    this.loadMessage(message);
    this.tracker.markMessage(message);
  }

  /** Appends a message without journaling it (replaying the journal). */
  loadMessage(message: DeliveredMessage): void {
    this.messages.push(message);
    if (this.messages.length > MAX_MESSAGES) this.messages.splice(0, this.messages.length - MAX_MESSAGES);
  }

  getGroup(poolId: string, name: string): GroupRecord | undefined {
    return this.groups.get(`${poolId}\u0000${name}`);
  }

  putGroup(group: GroupRecord): void {
    this.groups.set(`${group.poolId}\u0000${group.name}`, group);
  }

  deleteGroup(group: GroupRecord): void {
    this.groups.delete(`${group.poolId}\u0000${group.name}`);
  }

  /** A pool's groups in the order they were made. */
  groupsOf(poolId: string): GroupRecord[] {
    return [...this.groups.values()].filter((g) => g.poolId === poolId);
  }

  /** The key of a user in its pool: the username as given where the pool is case-sensitive, else in lower case. */
  userKey(poolId: string, username: string): string {
    const exact = this.pools.get(poolId)?.usernameCaseSensitive === true;
    return `${poolId}\u0000${exact ? username : username.toLowerCase()}`;
  }

  getUser(poolId: string, username: string): UserRecord | undefined {
    return this.users.get(this.userKey(poolId, username));
  }

  putUser(user: UserRecord): void {
    this.users.set(this.userKey(user.poolId, user.username), user);
  }

  deleteUser(user: UserRecord): void {
    this.users.delete(this.userKey(user.poolId, user.username));
    for (const g of this.groupsOf(user.poolId)) g.members = g.members.filter((sub) => sub !== user.sub);
    for (const d of [...this.devices.values()]) {
      if (d.poolId === user.poolId && d.username === user.username) this.devices.delete(d.key);
    }
    this.revokeSignIns((r) => r.poolId === user.poolId && r.username === user.username);
  }

  /**
   * Ends the sign-ins of every refresh token `match` picks (and the `also` origins): collects their origins, then
   * revokes every token of those origins in one more pass. Two scans of the token table, whatever the count.
   */
  revokeSignIns(match: (r: RefreshRecord) => boolean, also: Iterable<string> = []): void {
    const origins = new Set(also);
    for (const r of this.refreshTokens.values()) if (match(r)) origins.add(r.originJti);
    this.revokeOrigins(origins);
  }

  /** Revokes these sign-ins (origin jtis): marks them, and their refresh tokens in one pass over the table. */
  revokeOrigins(origins: Iterable<string>): void {
    const set = new Set(origins);
    if (set.size === 0) return;
    for (const o of set) this.revokedOrigins.add(o);
    for (const r of this.refreshTokens.values()) if (set.has(r.originJti)) r.revoked = true;
  }

  usersOf(poolId: string): UserRecord[] {
    return [...this.users.values()].filter((u) => u.poolId === poolId);
  }

  /**
   * Finds the user a sign-in names: the username itself, or an e-mail / phone number when the pool signs in with
   * them (usernameAttributes), or a verified alias (aliasAttributes).
   */
  findUser(pool: PoolRecord, name: string): UserRecord | undefined {
    const direct = this.getUser(pool.id, name);
    if (direct) return direct;
    const wanted = name.toLowerCase();
    for (const attr of pool.usernameAttributes) {
      const hit = this.usersOf(pool.id).find(
        (u) => attributeValue(u.attributes, attr)?.toLowerCase() === wanted,
      );
      if (hit) return hit;
    }
    // E-mail and preferred_username aliases follow the pool's case sensitivity (UsernameConfiguration).
    const exact = pool.usernameCaseSensitive === true;
    for (const attr of pool.aliasAttributes) {
      const hit = this.usersOf(pool.id).find(
        (u) =>
          (exact && attr !== 'phone_number'
            ? attributeValue(u.attributes, attr) === name
            : attributeValue(u.attributes, attr)?.toLowerCase() === wanted) &&
          (attr === 'preferred_username' || attributeValue(u.attributes, `${attr}_verified`) === 'true'),
      );
      if (hit) return hit;
    }
    return undefined;
  }

  /** The whole state as the state file holds it, written at `journalSeq` (state-replay.ts). */
  toJSON(journalSeq = 0): StateData {
    return snapshotOf(this, journalSeq);
  }

  /** Loads a snapshot without noting changes. */
  load(data: StateData): void {
    loadSnapshot(this, data);
  }
}
