// InitiateAuth and RespondToAuthChallenge: every flow and challenge of the user-pool API (AWS API reference,
// developer guide "Authentication flows", "Signing in with a device", "Custom authentication challenge triggers").
import { randomBytes } from 'node:crypto';
import {
  CognitoException,
  codeMismatch,
  expiredCode,
  invalidParameter,
  notAuthorized,
  requireParam,
  requireString,
  resourceNotFound,
  userNotFound,
} from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import { newDeviceGroupKey, newDeviceKey } from '../ids.js';
import {
  checkPasswordPolicy,
  checkSecretHash,
  getClient,
  namesOf,
  poolNameOf,
  sendCode,
} from '../pool-helpers.js';
import type { AuthContext } from '../sessions.js';
import {
  createVerifier,
  isValidTimestamp,
  parseClientPublic,
  passwordMatches,
  serverEphemeral,
  verifyClaim,
} from '../srp-server.js';
import type { ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../state.js';
import { completeSignIn } from '../token-issuer.js';
import { matchTotp } from '../totp.js';
import type { CustomAuthEvent, MfaType } from '../types.js';
import { refreshWithInitiateAuth } from './refresh.js';
import { startWebAuthnSignIn, verifyWebAuthnSignIn } from './webauthn.js';

type Params = Record<string, string>;
export type ChallengeAnswer = Record<string, unknown>;

interface Call {
  ctx: EmulatorContext;
  pool: PoolRecord;
  client: ClientRecord;
}

function requireFlow(client: ClientRecord, allow: string, flow: string): void {
  if (!client.explicitAuthFlows.includes(allow))
    throw invalidParameter(`${flow} flow not enabled for this client`);
}

function asParams(value: unknown): Params {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw invalidParameter('AuthParameters must be a map of strings');
  const out: Params = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    if (typeof v === 'string') out[k] = v;
  return out;
}

/** A user who may sign in at all; else the service's refusal. */
function checkUsable(user: UserRecord): void {
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'UNCONFIRMED')
    throw new CognitoException('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED')
    throw new CognitoException('PasswordResetRequiredException', 'Password reset required for the user');
}

/**
 * Looks the user up; with user-existence errors prevented (the default) an unknown name fails later, like a wrong
 * password. Whether the account may sign in (disabled, unconfirmed) is told only after the first factor passed.
 */
function lookup(call: Call, name: string, secretHash: string | undefined): { user?: UserRecord } {
  const user = call.ctx.store.findUser(call.pool, name);
  checkSecretHash(call.client, secretHash, namesOf(user, name));
  if (!user && call.client.preventUserExistenceErrors === 'LEGACY') throw userNotFound();
  return user ? { user } : {};
}

function newContext(
  call: Call,
  username: string,
  flow: string,
  extra: Partial<AuthContext> = {},
): AuthContext {
  return {
    poolId: call.pool.id,
    clientId: call.client.id,
    username,
    flow,
    expect: [],
    expiresAt: 0,
    ...extra,
  };
}

function userOf(call: Call, auth: AuthContext): UserRecord {
  const user = auth.phantom ? undefined : call.ctx.store.getUser(auth.poolId, auth.username);
  if (!user) throw notAuthorized();
  return user;
}

function challenge(
  call: Call,
  auth: AuthContext,
  name: string,
  params: Params,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  auth.expect = [name];
  const session = call.ctx.sessions.open(auth);
  return { ChallengeName: name, Session: session, ChallengeParameters: params, ...extra };
}

function baseParams(auth: AuthContext): Params {
  const p: Params = { USERNAME: auth.username };
  if (auth.srp || auth.flow === 'USER_SRP_AUTH') p.USER_ID_FOR_SRP = auth.username;
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// InitiateAuth

export async function initiateAuth(ctx: EmulatorContext, body: Record<string, unknown>): Promise<unknown> {
  const flow = requireString(body, 'AuthFlow');
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  const call: Call = { ctx, pool, client };
  const params = asParams(body.AuthParameters);
  const clientMetadata = body.ClientMetadata as Record<string, string> | undefined;
  switch (flow) {
    case 'USER_SRP_AUTH': {
      requireFlow(client, 'ALLOW_USER_SRP_AUTH', flow);
      const name = requireParam(params, 'USERNAME');
      const aHex = requireParam(params, 'SRP_A');
      const { user } = lookup(call, name, params.SECRET_HASH);
      const auth = newContext(call, user?.username ?? name, flow, {
        ...(user ? {} : { phantom: true }),
        ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
      });
      return passwordVerifier(call, auth, user, aHex, false);
    }
    case 'USER_PASSWORD_AUTH': {
      requireFlow(client, 'ALLOW_USER_PASSWORD_AUTH', flow);
      const name = requireParam(params, 'USERNAME');
      const password = requireParam(params, 'PASSWORD');
      const { user } = lookup(call, name, params.SECRET_HASH);
      if (!user || !checkPassword(call, user, password)) throw notAuthorized();
      const auth = newContext(call, user.username, flow, {
        ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
        firstFactor: 'PASSWORD',
      });
      return afterPassword(call, auth, user);
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return refreshWithInitiateAuth(ctx, pool, client, params);
    case 'CUSTOM_AUTH': {
      requireFlow(client, 'ALLOW_CUSTOM_AUTH', flow);
      const name = requireParam(params, 'USERNAME');
      const { user } = lookup(call, name, params.SECRET_HASH);
      if (user) checkUsable(user);
      const auth = newContext(call, user?.username ?? name, flow, {
        ...(user ? {} : { phantom: true }),
        ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
        custom: { session: [] },
        ...(clientMetadata ? { clientMetadata } : {}),
      });
      if (params.CHALLENGE_NAME === 'SRP_A') {
        const aHex = requireParam(params, 'SRP_A');
        auth.custom?.session.push({ challengeName: 'SRP_A', challengeResult: true });
        const next = await defineNext(call, auth);
        if (next.kind !== 'PASSWORD_VERIFIER') return next.result;
        return passwordVerifier(call, auth, user, aHex, true);
      }
      const next = await defineNext(call, auth);
      if (next.kind === 'PASSWORD_VERIFIER') throw invalidParameter('Missing required parameter SRP_A');
      return next.result;
    }
    case 'USER_AUTH': {
      requireFlow(client, 'ALLOW_USER_AUTH', flow);
      const name = requireParam(params, 'USERNAME');
      const { user } = lookup(call, name, params.SECRET_HASH);
      const auth = newContext(call, user?.username ?? name, flow, {
        ...(user ? {} : { phantom: true }),
        ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
      });
      auth.available = availableFirstFactors(pool, user);
      const preferred = params.PREFERRED_CHALLENGE;
      if (preferred && auth.available.includes(preferred))
        return startFirstFactor(call, auth, user, preferred, params);
      return challenge(
        call,
        auth,
        'SELECT_CHALLENGE',
        { USERNAME: auth.username },
        { AvailableChallenges: auth.available },
      );
    }
    case 'ADMIN_NO_SRP_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
      throw invalidParameter(`Initiate Auth method not supported.`);
    default:
      throw invalidParameter(
        `1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set`,
      );
  }
}

/** AdminInitiateAuth: the admin flows plus the public ones. */
export async function adminInitiateAuth(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const flow = requireString(body, 'AuthFlow');
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  if (pool.id !== body.UserPoolId) throw resourceNotFound(`User pool client ${client.id} does not exist.`);
  if (flow !== 'ADMIN_USER_PASSWORD_AUTH' && flow !== 'ADMIN_NO_SRP_AUTH') return initiateAuth(ctx, body);
  requireFlow(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', flow);
  const call: Call = { ctx, pool, client };
  const params = asParams(body.AuthParameters);
  const name = requireParam(params, 'USERNAME');
  const password = requireParam(params, 'PASSWORD');
  const { user } = lookup(call, name, params.SECRET_HASH);
  if (!user || !checkPassword(call, user, password)) throw notAuthorized();
  const auth = newContext(call, user.username, flow, {
    ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
    firstFactor: 'PASSWORD',
  });
  return afterPassword(call, auth, user);
}

function checkPassword(call: Call, user: UserRecord, password: string): boolean {
  if (!user.password) return false;
  const ok = passwordMatches(user.password, poolNameOf(call.pool), user.username, password);
  if (!ok) user.failedSignIns += 1;
  return ok;
}

/** Answers PASSWORD_VERIFIER: the salt, B and an opaque SECRET_BLOCK that names this pending sign-in. */
function passwordVerifier(
  call: Call,
  auth: AuthContext,
  user: UserRecord | undefined,
  aHex: string,
  withSession: boolean,
): Record<string, unknown> {
  const A = parseClientPublic(aHex);
  if (A === undefined) throw invalidParameter('Invalid SRP_A');
  // An unknown user gets a made-up verifier, so the answer does not tell whether the user exists.
  const stored =
    user?.password ?? createVerifier(poolNameOf(call.pool), auth.username, randomBytes(16).toString('hex'));
  if (!user?.password) auth.phantom = true;
  const eph = serverEphemeral(stored.verifier);
  const secretBlock = randomBytes(96).toString('base64');
  auth.srp = {
    A: A.toString(16),
    b: eph.b,
    B: eph.B,
    verifier: stored.verifier,
    realm: poolNameOf(call.pool),
    id: auth.username,
    secretBlock,
  };
  auth.expect = ['PASSWORD_VERIFIER'];
  call.ctx.sessions.openSecretBlock(auth, secretBlock);
  const out: Record<string, unknown> = {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: stored.salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: eph.B,
      USERNAME: auth.username,
      USER_ID_FOR_SRP: auth.username,
    },
  };
  if (withSession) out.Session = call.ctx.sessions.open(auth);
  return out;
}

function checkClaim(auth: AuthContext, responses: Params): boolean {
  const srp = auth.srp;
  if (!srp) return false;
  const timestamp = requireParam(responses, 'TIMESTAMP');
  const signature = requireParam(responses, 'PASSWORD_CLAIM_SIGNATURE');
  if (!isValidTimestamp(timestamp)) return false;
  return verifyClaim({
    A: BigInt(`0x${srp.A}`),
    b: srp.b,
    B: srp.B,
    verifier: srp.verifier,
    realm: srp.realm,
    id: srp.id,
    secretBlock: srp.secretBlock,
    timestamp,
    signature,
  });
}

/** After the password (or a first factor): a forced new password, then the device, then MFA. */
function afterPassword(
  call: Call,
  auth: AuthContext,
  user: UserRecord,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  checkUsable(user);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.temporaryPasswordExpiresAt !== undefined && user.temporaryPasswordExpiresAt < call.ctx.now()) {
      throw notAuthorized('Temporary password has expired and must be reset by an administrator.');
    }
    const required = requiredAttributes(call.pool).filter((a) => !user.attributes[a]);
    const visible: Record<string, string> = {};
    for (const [k, v] of Object.entries(user.attributes)) if (!k.endsWith('_verified')) visible[k] = v;
    return challenge(call, auth, 'NEW_PASSWORD_REQUIRED', {
      ...baseParams(auth),
      userAttributes: JSON.stringify(visible),
      requiredAttributes: JSON.stringify(required.map((a) => `userAttributes.${a}`)),
    });
  }
  return deviceStep(call, auth, user);
}

function deviceStep(call: Call, auth: AuthContext, user: UserRecord): Record<string, unknown> {
  if (call.pool.deviceConfiguration && auth.deviceKey && !auth.deviceVerified) {
    const device = call.ctx.store.devices.get(auth.deviceKey);
    if (!device || device.poolId !== call.pool.id || device.username !== user.username) {
      throw resourceNotFound('Device does not exist.');
    }
    if (device.confirmed && device.verifier) {
      return challenge(call, auth, 'DEVICE_SRP_AUTH', baseParams(auth));
    }
    // Tracked but never confirmed: nothing to prove, the sign-in goes on as from a new device.
    delete auth.deviceKey;
  }
  return mfaStep(call, auth, user);
}

function enabledMfas(pool: PoolRecord, user: UserRecord): MfaType[] {
  const out: MfaType[] = [];
  if (user.mfa.sms && pool.enabledMfas.includes('SMS_MFA') && user.attributes.phone_number)
    out.push('SMS_MFA');
  if (user.mfa.totp && pool.enabledMfas.includes('SOFTWARE_TOKEN_MFA') && user.totp?.verified)
    out.push('SOFTWARE_TOKEN_MFA');
  if (user.mfa.email && pool.enabledMfas.includes('EMAIL_OTP') && user.attributes.email)
    out.push('EMAIL_OTP');
  return out;
}

function mfaStep(call: Call, auth: AuthContext, user: UserRecord): Record<string, unknown> {
  const pool = call.pool;
  if (auth.firstFactor === 'PASSWORDLESS' || pool.mfaConfiguration === 'OFF') return finish(call, auth, user);
  if (auth.deviceVerified && auth.deviceKey && pool.deviceConfiguration?.ChallengeRequiredOnNewDevice) {
    const device = call.ctx.store.devices.get(auth.deviceKey);
    // A remembered device stands in for the second factor (DeviceConfigurationType.ChallengeRequiredOnNewDevice).
    if (device?.remembered) return finish(call, auth, user);
  }
  let methods = enabledMfas(pool, user);
  if (methods.length === 0) {
    if (pool.mfaConfiguration !== 'ON') return finish(call, auth, user);
    if (pool.enabledMfas.includes('SMS_MFA') && user.attributes.phone_number) {
      methods = ['SMS_MFA'];
    } else {
      const canSetup = pool.enabledMfas.filter(
        (m) => m === 'SOFTWARE_TOKEN_MFA' || (m === 'EMAIL_OTP' && user.attributes.email),
      );
      if (canSetup.length === 0) {
        throw new CognitoException(
          'InvalidUserPoolConfigurationException',
          'No MFA method is available to set up for the user.',
        );
      }
      return challenge(call, auth, 'MFA_SETUP', {
        ...baseParams(auth),
        MFAS_CAN_SETUP: JSON.stringify(canSetup),
      });
    }
  }
  const preferred =
    user.mfa.preferred && methods.includes(user.mfa.preferred) ? user.mfa.preferred : undefined;
  if (preferred) return issueMfa(call, auth, user, preferred);
  if (methods.length === 1) return issueMfa(call, auth, user, methods[0] as MfaType);
  return challenge(call, auth, 'SELECT_MFA_TYPE', {
    ...baseParams(auth),
    MFAS_CAN_CHOOSE: JSON.stringify(methods),
  });
}

function issueMfa(call: Call, auth: AuthContext, user: UserRecord, kind: MfaType): Record<string, unknown> {
  if (kind === 'SOFTWARE_TOKEN_MFA') {
    delete auth.code;
    return challenge(call, auth, 'SOFTWARE_TOKEN_MFA', {
      ...baseParams(auth),
      FRIENDLY_DEVICE_NAME: user.totp?.friendlyName ?? 'TOTP device',
    });
  }
  const medium = kind === 'SMS_MFA' ? 'SMS' : 'EMAIL';
  const sent = sendCode(call.ctx, user, medium, kind, 6);
  auth.code = { value: sent.code, kind, attempts: 0 };
  return challenge(call, auth, kind, {
    ...baseParams(auth),
    CODE_DELIVERY_DELIVERY_MEDIUM: medium,
    CODE_DELIVERY_DESTINATION: sent.masked,
  });
}

function finish(call: Call, auth: AuthContext, user: UserRecord): Record<string, unknown> {
  user.failedSignIns = 0;
  let deviceKey: string | undefined;
  let newDevice: { DeviceKey: string; DeviceGroupKey: string } | undefined;
  if (call.pool.deviceConfiguration) {
    if (auth.deviceVerified && auth.deviceKey) {
      deviceKey = auth.deviceKey;
      const device = call.ctx.store.devices.get(deviceKey);
      if (device) {
        device.lastAuthenticatedAt = call.ctx.now();
        if (call.ctx.remoteIp) device.lastIp = call.ctx.remoteIp;
      }
    } else {
      const device: DeviceRecord = {
        poolId: call.pool.id,
        username: user.username,
        key: newDeviceKey(call.ctx.store.pools.get(call.pool.id)?.id.split('_')[0] ?? call.ctx.region),
        groupKey: newDeviceGroupKey(),
        confirmed: false,
        remembered: false,
        createdAt: call.ctx.now(),
        modifiedAt: call.ctx.now(),
        lastAuthenticatedAt: call.ctx.now(),
        ...(call.ctx.remoteIp ? { lastIp: call.ctx.remoteIp } : {}),
      };
      call.ctx.store.devices.set(device.key, device);
      deviceKey = device.key;
      newDevice = { DeviceKey: device.key, DeviceGroupKey: device.groupKey };
    }
  }
  const result = completeSignIn(call.ctx, call.pool, call.client, user, {
    ...(deviceKey ? { deviceKey } : {}),
    ...(auth.authTime ? { authTime: auth.authTime } : {}),
  });
  return {
    ChallengeParameters: {},
    AuthenticationResult: newDevice ? { ...result, NewDeviceMetadata: newDevice } : result,
  };
}

/** After a code: the tokens, or, inside CUSTOM_AUTH, the define hook's next word. */
async function afterSecondFactor(
  call: Call,
  auth: AuthContext,
  user: UserRecord,
  challengeName: string,
): Promise<Record<string, unknown>> {
  if (auth.flow !== 'CUSTOM_AUTH') return finish(call, auth, user);
  auth.custom?.session.push({ challengeName, challengeResult: true });
  const next = await defineNext(call, auth);
  if (next.kind === 'PASSWORD_VERIFIER')
    throw new CognitoException('InvalidLambdaResponseException', 'Invalid lambda response');
  return next.result;
}

function requiredAttributes(pool: PoolRecord): string[] {
  const schema = pool.extra.Schema as { Name?: string; Required?: boolean }[] | undefined;
  return (schema ?? []).filter((a) => a.Required && a.Name).map((a) => a.Name as string);
}

// ---------------------------------------------------------------------------------------------------------------
// USER_AUTH first factors

function availableFirstFactors(pool: PoolRecord, user: UserRecord | undefined): string[] {
  if (!user) return ['PASSWORD', 'PASSWORD_SRP'];
  const allowed = pool.allowedFirstAuthFactors;
  const out: string[] = [];
  if (allowed.includes('WEB_AUTHN') && user.webauthn.length > 0) out.push('WEB_AUTHN');
  if (allowed.includes('EMAIL_OTP') && user.attributes.email) out.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && user.attributes.phone_number) out.push('SMS_OTP');
  if (user.password) out.push('PASSWORD', 'PASSWORD_SRP');
  return out;
}

async function startFirstFactor(
  call: Call,
  auth: AuthContext,
  user: UserRecord | undefined,
  choice: string,
  params: Params,
): Promise<Record<string, unknown>> {
  switch (choice) {
    case 'PASSWORD': {
      const password = requireParam(params, 'PASSWORD');
      if (!user || !checkPassword(call, user, password)) throw notAuthorized();
      auth.firstFactor = 'PASSWORD';
      return afterPassword(call, auth, user);
    }
    case 'PASSWORD_SRP':
      auth.firstFactor = 'PASSWORD';
      return passwordVerifier(call, auth, user, requireParam(params, 'SRP_A'), true);
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      if (!user) throw notAuthorized();
      checkUsable(user);
      const medium = choice === 'SMS_OTP' ? 'SMS' : 'EMAIL';
      const sent = sendCode(
        call.ctx,
        user,
        medium,
        choice === 'SMS_OTP' ? 'SMS_OTP' : 'EMAIL_OTP_SIGN_IN',
        8,
      );
      auth.code = {
        value: sent.code,
        kind: choice === 'SMS_OTP' ? 'SMS_OTP' : 'EMAIL_OTP_SIGN_IN',
        attempts: 0,
      };
      auth.firstFactor = 'PASSWORDLESS';
      return challenge(call, auth, choice, {
        USERNAME: auth.username,
        CODE_DELIVERY_DELIVERY_MEDIUM: medium,
        CODE_DELIVERY_DESTINATION: sent.masked,
      });
    }
    case 'WEB_AUTHN': {
      if (!user) throw notAuthorized();
      checkUsable(user);
      const options = await startWebAuthnSignIn(call.pool, user);
      auth.webauthnChallenge = options.challenge;
      auth.firstFactor = 'PASSWORDLESS';
      return challenge(call, auth, 'WEB_AUTHN', {
        USERNAME: auth.username,
        CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options),
      });
    }
    default:
      throw invalidParameter(`Invalid challenge ${choice}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CUSTOM_AUTH hooks

function triggerEvent(
  call: Call,
  auth: AuthContext,
  user: UserRecord | undefined,
  source: CustomAuthEvent['triggerSource'],
): CustomAuthEvent {
  const attributes: Record<string, string> = user
    ? { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status }
    : {};
  return {
    version: '1',
    region: call.ctx.region,
    userPoolId: call.pool.id,
    userName: auth.username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: call.client.id },
    triggerSource: source,
    request: {
      userAttributes: attributes,
      ...(auth.phantom ? { userNotFound: true } : {}),
      ...(auth.clientMetadata ? { clientMetadata: auth.clientMetadata } : {}),
    },
    response: {},
  };
}

async function runHook(
  hook: ((e: CustomAuthEvent) => unknown) | undefined,
  event: CustomAuthEvent,
  name: string,
): Promise<CustomAuthEvent> {
  if (!hook)
    throw new CognitoException(
      'InvalidLambdaResponseException',
      `${name} trigger is not configured for the user pool.`,
    );
  try {
    const returned = (await hook(event)) as CustomAuthEvent | undefined;
    return returned && typeof returned === 'object' && 'response' in returned ? returned : event;
  } catch {
    throw new CognitoException('UserLambdaValidationException', `${name} failed with error.`);
  }
}

type DefineOutcome = { kind: 'PASSWORD_VERIFIER' } | { kind: 'OTHER'; result: Record<string, unknown> };

async function defineNext(call: Call, auth: AuthContext): Promise<DefineOutcome> {
  const user = auth.phantom ? undefined : call.ctx.store.getUser(auth.poolId, auth.username);
  const event = triggerEvent(call, auth, user, 'DefineAuthChallenge_Authentication');
  event.request.session = [...(auth.custom?.session ?? [])];
  const defined = await runHook(call.ctx.triggers.defineAuthChallenge, event, 'DefineAuthChallenge');
  const r = defined.response;
  if (r.failAuthentication) throw notAuthorized();
  if (r.issueTokens) {
    if (!user) throw notAuthorized();
    return { kind: 'OTHER', result: finish(call, auth, user) };
  }
  if (r.challengeName === 'PASSWORD_VERIFIER') return { kind: 'PASSWORD_VERIFIER' };
  if (
    user &&
    (r.challengeName === 'SMS_MFA' ||
      r.challengeName === 'SOFTWARE_TOKEN_MFA' ||
      r.challengeName === 'EMAIL_OTP')
  ) {
    // The define hook may ask for one of the user's MFA factors; its answer goes back to the hook.
    return { kind: 'OTHER', result: issueMfa(call, auth, user, r.challengeName) };
  }
  if (r.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new CognitoException(
      'InvalidLambdaResponseException',
      'Invalid lambda response: unsupported challengeName',
    );
  }
  const create = triggerEvent(call, auth, user, 'CreateAuthChallenge_Authentication');
  create.request.challengeName = 'CUSTOM_CHALLENGE';
  create.request.session = [...(auth.custom?.session ?? [])];
  const created = await runHook(call.ctx.triggers.createAuthChallenge, create, 'CreateAuthChallenge');
  const custom = auth.custom ?? { session: [] };
  custom.privateParams = created.response.privateChallengeParameters ?? {};
  auth.custom = custom;
  if (created.response.challengeMetadata) auth.challengeMetadata = created.response.challengeMetadata;
  else delete auth.challengeMetadata;
  return {
    kind: 'OTHER',
    result: challenge(call, auth, 'CUSTOM_CHALLENGE', {
      ...(created.response.publicChallengeParameters ?? {}),
      USERNAME: auth.username,
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// RespondToAuthChallenge

export async function respondToAuthChallenge(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const name = requireString(body, 'ChallengeName');
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  const call: Call = { ctx, pool, client };
  const responses = asParams(body.ChallengeResponses);
  const session = typeof body.Session === 'string' ? body.Session : undefined;

  if (name === 'PASSWORD_VERIFIER') {
    const block = requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
    const auth = ctx.sessions.peekSecretBlock(block, client.id, 'PASSWORD_VERIFIER');
    ctx.sessions.consumeSecretBlock(block);
    ctx.sessions.consume(session);
    const user = auth.phantom ? undefined : ctx.store.getUser(pool.id, auth.username);
    const named = requireParam(responses, 'USERNAME');
    checkSecretHash(client, responses.SECRET_HASH, namesOf(user, named));
    if (user && ctx.store.findUser(pool, named)?.username !== user.username) throw notAuthorized();
    const ok = checkClaim(auth, responses);
    if (!user || !ok) {
      if (user) user.failedSignIns += 1;
      throw notAuthorized();
    }
    checkUsable(user);
    if (responses.DEVICE_KEY) auth.deviceKey = responses.DEVICE_KEY;
    delete auth.srp;
    auth.firstFactor = 'PASSWORD';
    if (auth.flow === 'CUSTOM_AUTH') {
      auth.custom?.session.push({ challengeName: 'PASSWORD_VERIFIER', challengeResult: true });
      if (auth.deviceKey && pool.deviceConfiguration) {
        const device = ctx.store.devices.get(auth.deviceKey);
        if (!device || device.username !== user.username) throw resourceNotFound('Device does not exist.');
      }
      const next = await defineNext(call, auth);
      if (next.kind === 'PASSWORD_VERIFIER')
        throw new CognitoException('InvalidLambdaResponseException', 'Invalid lambda response');
      return next.result;
    }
    return afterPassword(call, auth, user);
  }

  const auth = ctx.sessions.peek(session, client.id, name);
  const user = userOf(call, auth);
  checkSecretHash(client, responses.SECRET_HASH, namesOf(user, responses.USERNAME));
  if (responses.USERNAME && ctx.store.findUser(pool, responses.USERNAME)?.username !== user.username) {
    throw notAuthorized('Invalid session for the user.');
  }

  switch (name) {
    case 'DEVICE_SRP_AUTH': {
      const deviceKey = requireParam(responses, 'DEVICE_KEY');
      const aHex = requireParam(responses, 'SRP_A');
      const device = ctx.store.devices.get(deviceKey);
      if (
        !device ||
        device.username !== user.username ||
        device.poolId !== pool.id ||
        !device.verifier ||
        !device.salt
      ) {
        throw resourceNotFound('Device does not exist.');
      }
      const A = parseClientPublic(aHex);
      if (A === undefined) throw invalidParameter('Invalid SRP_A');
      ctx.sessions.consume(session);
      const eph = serverEphemeral(device.verifier);
      const secretBlock = randomBytes(96).toString('base64');
      auth.deviceKey = deviceKey;
      auth.srp = {
        A: A.toString(16),
        b: eph.b,
        B: eph.B,
        verifier: device.verifier,
        realm: device.groupKey,
        id: device.key,
        secretBlock,
      };
      return challenge(call, auth, 'DEVICE_PASSWORD_VERIFIER', {
        USERNAME: auth.username,
        DEVICE_KEY: device.key,
        SALT: device.salt,
        SRP_B: eph.B,
        SECRET_BLOCK: secretBlock,
      });
    }
    case 'DEVICE_PASSWORD_VERIFIER': {
      const block = requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
      ctx.sessions.consume(session);
      if (!auth.srp || block !== auth.srp.secretBlock || !checkClaim(auth, responses)) throw notAuthorized();
      if (responses.DEVICE_KEY && responses.DEVICE_KEY !== auth.deviceKey) throw notAuthorized();
      delete auth.srp;
      auth.deviceVerified = true;
      return mfaStep(call, auth, user);
    }
    case 'NEW_PASSWORD_REQUIRED': {
      const password = requireParam(responses, 'NEW_PASSWORD');
      checkPasswordPolicy(pool, password);
      const updates: Record<string, string> = {};
      for (const [k, v] of Object.entries(responses)) {
        if (k.startsWith('userAttributes.')) updates[k.slice('userAttributes.'.length)] = v;
      }
      const missing = requiredAttributes(pool).filter((a) => !user.attributes[a] && !updates[a]);
      if (missing.length > 0) throw invalidParameter(`Missing required attribute ${missing[0]}`);
      ctx.sessions.consume(session);
      Object.assign(user.attributes, updates);
      user.password = createVerifier(poolNameOf(pool), user.username, password);
      user.status = 'CONFIRMED';
      delete user.temporaryPasswordExpiresAt;
      user.modifiedAt = ctx.now();
      return deviceStep(call, auth, user);
    }
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const param =
        name === 'SMS_MFA' ? 'SMS_MFA_CODE' : name === 'EMAIL_OTP' ? 'EMAIL_OTP_CODE' : 'SMS_OTP_CODE';
      const code = requireParam(responses, param);
      if (!auth.code || code !== auth.code.value) {
        ctx.sessions.wrongCode(session, auth);
        throw codeMismatch('Invalid code or auth state for the user.');
      }
      ctx.sessions.consume(session);
      const kind = auth.code.kind;
      delete auth.code;
      // A code that reached the mailbox proves the address.
      if (kind === 'EMAIL_OTP_SIGN_IN') user.attributes.email_verified = 'true';
      if (kind === 'SMS_OTP') user.attributes.phone_number_verified = 'true';
      return afterSecondFactor(call, auth, user, name);
    }
    case 'SOFTWARE_TOKEN_MFA': {
      const code = requireParam(responses, 'SOFTWARE_TOKEN_MFA_CODE');
      checkTotp(ctx, user, code, () => ctx.sessions.wrongCode(session, auth));
      ctx.sessions.consume(session);
      return afterSecondFactor(call, auth, user, name);
    }
    case 'SELECT_MFA_TYPE': {
      const answer = requireParam(responses, 'ANSWER');
      const methods = enabledMfas(pool, user);
      if (!methods.includes(answer as MfaType)) throw invalidParameter('Invalid MFA type selected');
      ctx.sessions.consume(session);
      return issueMfa(call, auth, user, answer as MfaType);
    }
    case 'MFA_SETUP': {
      if (auth.mfaSetupVerified && auth.mfaSetupSecret) {
        ctx.sessions.consume(session);
        user.totp = {
          secret: auth.mfaSetupSecret,
          verified: true,
          ...(auth.mfaSetupCounter !== undefined ? { lastCounter: auth.mfaSetupCounter } : {}),
          ...(auth.mfaSetupName ? { friendlyName: auth.mfaSetupName } : {}),
        };
        user.mfa.totp = true;
        if (!user.mfa.preferred) user.mfa.preferred = 'SOFTWARE_TOKEN_MFA';
        return finish(call, auth, user);
      }
      if (responses.EMAIL && pool.enabledMfas.includes('EMAIL_OTP')) {
        ctx.sessions.consume(session);
        user.attributes.email = responses.EMAIL;
        user.mfa.email = true;
        return issueMfa(call, auth, user, 'EMAIL_OTP');
      }
      throw new CognitoException(
        'EnableSoftwareTokenMFAException',
        'Software token MFA has not been verified for this session.',
      );
    }
    case 'CUSTOM_CHALLENGE': {
      const answer = requireParam(responses, 'ANSWER');
      const verify = triggerEvent(call, auth, user, 'VerifyAuthChallengeResponse_Authentication');
      verify.request.privateChallengeParameters = auth.custom?.privateParams ?? {};
      verify.request.challengeAnswer = answer;
      const verified = await runHook(
        ctx.triggers.verifyAuthChallengeResponse,
        verify,
        'VerifyAuthChallengeResponse',
      );
      ctx.sessions.consume(session);
      const meta = auth.challengeMetadata;
      auth.custom?.session.push({
        challengeName: 'CUSTOM_CHALLENGE',
        challengeResult: verified.response.answerCorrect === true,
        ...(meta ? { challengeMetadata: meta } : {}),
      });
      const next = await defineNext(call, auth);
      if (next.kind === 'PASSWORD_VERIFIER')
        throw new CognitoException('InvalidLambdaResponseException', 'Invalid lambda response');
      return next.result;
    }
    case 'SELECT_CHALLENGE': {
      const answer = requireParam(responses, 'ANSWER');
      if (!auth.available?.includes(answer)) throw invalidParameter(`Invalid challenge ${answer}`);
      ctx.sessions.consume(session);
      return startFirstFactor(call, auth, user, answer, responses);
    }
    case 'WEB_AUTHN': {
      const credential = requireParam(responses, 'CREDENTIAL');
      if (!auth.webauthnChallenge) throw notAuthorized();
      ctx.sessions.consume(session);
      await verifyWebAuthnSignIn(ctx, pool, user, credential, auth.webauthnChallenge);
      return finish(call, auth, user);
    }
    default:
      throw invalidParameter(`Invalid challenge name ${name}`);
  }
}

/** Checks a TOTP code; a code already used for its 30-second step is refused as the service does. */
export function checkTotp(ctx: EmulatorContext, user: UserRecord, code: string, onWrong: () => void): void {
  const secret = user.totp?.verified ? user.totp.secret : undefined;
  if (!secret)
    throw new CognitoException(
      'SoftwareTokenMFANotFoundException',
      'Software Token MFA does not exist for the user.',
    );
  const counter = matchTotp(secret, code, ctx.now());
  if (counter === undefined) {
    onWrong();
    throw codeMismatch('Invalid code or auth state for the user.');
  }
  if (user.totp && user.totp.lastCounter !== undefined && counter <= user.totp.lastCounter) {
    throw expiredCode('Your software token has already been used once.');
  }
  if (user.totp) user.totp.lastCounter = counter;
}
