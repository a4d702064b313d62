// Property test (fast-check): arbitrary service answers and events, in arbitrary reachable states, end in a valid
// state or a typed CogflowError; no secret ever reaches an error message or a serialized state.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CogflowError, serviceError, TransportError } from '../src/errors.js';
import {
  initialSnapshot,
  parsePending,
  type SignInEvent,
  type SignInState,
  type Snapshot,
  type TransitionResult,
  transition,
} from '../src/machine/index.js';
import { SRP_N } from '../src/srp/index.js';
import { asyncHash } from './async-hash.js';
import { authResult, fakeJWT, NOW, SECRETS, testEnv, verifierParams } from './machine-helpers.js';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPSECRETTOTPXX';
const REFRESH = 'RT-SECRET-44aa55bb-refresh';
const ACCESS = fakeJWT({ sub: 's', username: 'user-1', exp: NOW / 1000 + 3600, marker: 'AT-SECRET-77cc' });
const FORBIDDEN = [
  SECRETS.password,
  SECRETS.newPassword,
  SECRETS.clientSecret,
  SECRETS.devicePassword,
  TOTP_SECRET,
  REFRESH,
  ACCESS,
  'AT-SECRET-77cc',
];
const device = { deviceKey: 'dev-key-1', deviceGroupKey: 'grp-1', devicePassword: SECRETS.devicePassword };

const CHALLENGES = [
  'PASSWORD_VERIFIER',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'NEW_PASSWORD_REQUIRED',
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'EMAIL_OTP',
  'SMS_OTP',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'WEB_AUTHN',
  'ADMIN_NO_SRP_AUTH',
  'NOT_A_CHALLENGE',
];

const paramValue = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    '00',
    SRP_N.toString(16),
    'zz',
    verifierParams().SRP_B,
    verifierParams().SALT,
    verifierParams().SECRET_BLOCK,
    '["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"]',
    '["userAttributes.name"]',
    '{"email":"a@b.c","x":null}',
    '{"challenge":"abc"}',
    '[',
    'user-1',
  ),
);
const params = fc.oneof(
  fc.dictionary(
    fc.constantFrom(
      'SALT',
      'SRP_B',
      'SECRET_BLOCK',
      'USER_ID_FOR_SRP',
      'USERNAME',
      'MFAS_CAN_CHOOSE',
      'MFAS_CAN_SETUP',
      'requiredAttributes',
      'userAttributes',
      'CREDENTIAL_REQUEST_OPTIONS',
      'CODE_DELIVERY_DESTINATION',
    ),
    paramValue,
  ),
  fc.constant(verifierParams()),
  fc.anything(),
);
const tokens = { ...authResult('user-1'), AccessToken: ACCESS, RefreshToken: REFRESH };
const wellFormed = fc.constantFrom(
  { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: verifierParams() },
  { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: { USERNAME: 'user-1' }, Session: 'sd' },
  { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', ChallengeParameters: verifierParams(), Session: 'sp' },
  { ChallengeName: 'SOFTWARE_TOKEN_MFA', ChallengeParameters: { USER_ID_FOR_SRP: 'user-1' }, Session: 'sm' },
  {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ChallengeParameters: {
      requiredAttributes: '["userAttributes.name"]',
      userAttributes: '{"email":"a@b.c"}',
    },
    Session: 'sn',
  },
  { ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { USERNAME: 'user-1', q: '?' }, Session: 'sc' },
  {
    ChallengeName: 'MFA_SETUP',
    ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' },
    Session: 'su',
  },
  {
    ChallengeName: 'SELECT_CHALLENGE',
    AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'],
    Session: 'ss',
  },
);
const body = fc.oneof(
  { weight: 4, arbitrary: wellFormed },
  fc.record(
    {
      ChallengeName: fc.oneof(fc.constantFrom(...CHALLENGES), fc.anything()),
      ChallengeParameters: params,
      Session: fc.oneof(fc.constant('sess'), fc.string(), fc.anything()),
      AvailableChallenges: fc.oneof(
        fc.array(fc.constantFrom('PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'X')),
        fc.anything(),
      ),
    },
    { requiredKeys: ['ChallengeName'] },
  ),
  fc.constant({ AuthenticationResult: tokens }),
  fc.constant({
    AuthenticationResult: { ...tokens, NewDeviceMetadata: { DeviceKey: 'nk', DeviceGroupKey: 'ng' } },
  }),
  fc.record({ AuthenticationResult: fc.anything() }),
  fc.record({
    AuthenticationResult: fc.record({ AccessToken: fc.string(), NewDeviceMetadata: fc.anything() }),
  }),
  fc.record({
    SecretCode: fc.oneof(fc.constant(TOTP_SECRET), fc.string()),
    Session: fc.oneof(fc.constant('s2'), fc.anything()),
  }),
  fc.record({
    Status: fc.constantFrom('SUCCESS', 'ERROR', 'OTHER'),
    Session: fc.oneof(fc.constant('s3'), fc.anything()),
  }),
  fc.record({ UserConfirmationNecessary: fc.anything() }),
  fc.anything(),
);
const error = fc.oneof(
  fc.constantFrom(
    serviceError('ResourceNotFoundException', 'Device does not exist.', 400),
    serviceError('NotAuthorizedException', 'Incorrect username or password.', 400),
    serviceError('NotAuthorizedException', 'Invalid session for the user, session is expired.', 400),
    serviceError('CodeMismatchException', 'Invalid code received for user', 400),
    serviceError('InternalErrorException', 'boom', 500),
    new TransportError('TRANSPORT', 'down'),
  ),
  fc.anything(),
);
const answer = fc.oneof(
  fc.record({
    type: fc.constantFrom('SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP', 'TOTP_SETUP'),
    code: fc.oneof(fc.constant(SECRETS.code), fc.anything()),
  }),
  fc.record({
    type: fc.constant('NEW_PASSWORD_REQUIRED'),
    newPassword: fc.oneof(fc.constant(SECRETS.newPassword), fc.anything()),
    attributes: fc.oneof(fc.constant({ name: 'N' }), fc.anything()),
  }),
  fc.record({
    type: fc.constant('SELECT_MFA_TYPE'),
    mfa: fc.constantFrom('SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'X'),
  }),
  fc.record({
    type: fc.constant('MFA_SETUP'),
    method: fc.constantFrom('SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_MFA'),
    email: fc.oneof(fc.constant('a@b.c'), fc.anything()),
  }),
  fc.record({ type: fc.constant('CUSTOM_CHALLENGE'), answer: fc.anything(), extra: fc.anything() }),
  fc.record({
    type: fc.constant('SELECT_CHALLENGE'),
    challenge: fc.constantFrom('PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'WEB_AUTHN'),
    password: fc.oneof(fc.constant(SECRETS.password), fc.anything()),
  }),
  fc.record({ type: fc.constant('WEB_AUTHN'), credential: fc.anything() }),
  fc.anything(),
);
const event = fc.oneof(
  { weight: 5, arbitrary: body.map((b) => ({ kind: 'response' as const, body: b })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrong-op' as const), body }) },
  { weight: 2, arbitrary: error.map((e) => ({ kind: 'error' as const, error: e })) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('answer' as const), answer, withDevice: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.anything().map((x) => ({ kind: 'raw' as const, x })) },
);
const startInput = fc.record({
  flow: fc.constantFrom('USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'CUSTOM_AUTH_SRP', 'USER_AUTH'),
  preferredChallenge: fc.option(fc.constantFrom('PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'), { nil: undefined }),
  withDevice: fc.boolean(),
  withSecret: fc.boolean(),
  /** Hash through a port that answers on a later macrotask (as WebCrypto's does) instead of nobleHash. */
  asyncHash: fc.boolean(),
  /** A well-formed opening (PASSWORD_VERIFIER, or DEVICE_SRP_AUTH) so that many runs go deep before the noise. */
  opening: fc.constantFrom('none', 'verifier', 'device', 'mfa', 'new-password', 'custom'),
});

type RawEvent =
  | { kind: 'response' | 'wrong-op'; body: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'answer'; answer: unknown; withDevice: boolean }
  | { kind: 'raw'; x: unknown };

/** Builds the event; arbitrary values are cast on purpose: the machine must survive what the types forbid. */
function toEvent(e: RawEvent, state: SignInState): SignInEvent {
  switch (e.kind) {
    case 'response':
      return {
        type: 'response',
        operation: state.status === 'sending' ? state.operation : 'InitiateAuth',
        body: e.body,
      };
    case 'wrong-op':
      return { type: 'response', operation: 'GetUser', body: e.body };
    case 'error':
      return { type: 'error', error: e.error as CogflowError };
    case 'answer':
      return { type: 'answer', answer: e.answer as never, ...(e.withDevice ? { device } : {}) };
    default:
      return e.x as SignInEvent;
  }
}

function assertClean(text: string, where: string, extra: string[]): void {
  for (const secret of [...FORBIDDEN, ...extra]) {
    if (text.includes(secret)) throw new Error(`a secret reached ${where}`);
  }
}

const STATUSES = new Set(['idle', 'sending', 'waiting', 'signed-in', 'failed']);

function checkState(snapshot: Snapshot, extra: string[]): void {
  const { state } = snapshot;
  expect(STATUSES.has(state.status)).toBe(true);
  // JSON.stringify throws on a bigint: a state holding an SRP value would fail here.
  const text = JSON.stringify(state);
  assertClean(text, `a ${state.status} state`, extra);
  if (state.status === 'waiting') {
    expect(parsePending(JSON.parse(text))).toEqual(JSON.parse(text));
  }
  if (state.status === 'failed') {
    expect(state.error).toBeInstanceOf(CogflowError);
    assertClean(state.error.message, 'an error message', extra);
  }
}

describe('machine properties', () => {
  it('ends in a valid state or a typed CogflowError, and leaks no secret', async () => {
    const reached = new Map<string, number>();
    let asyncRuns = 0;
    await fc.assert(
      fc.asyncProperty(startInput, fc.array(event, { maxLength: 8 }), async (input, events) => {
        const env = testEnv({
          ...(input.withSecret ? { clientSecret: SECRETS.clientSecret } : {}),
          ...(input.asyncHash ? { hash: asyncHash() } : {}),
        });
        if (input.asyncHash) asyncRuns++;
        const withPassword = { username: 'alice@example.com', password: SECRETS.password, flow: input.flow };
        const start =
          input.flow === 'USER_AUTH'
            ? {
                ...withPassword,
                ...(input.preferredChallenge ? { preferredChallenge: input.preferredChallenge } : {}),
              }
            : withPassword;
        let step = await transition(
          initialSnapshot(),
          {
            type: 'start',
            input: start as never,
            ...(input.withDevice || input.opening === 'device' ? { device } : {}),
          },
          env,
        );
        let snapshot: Snapshot = { state: step.state, secrets: step.secrets };
        const privates = (): string[] => {
          const out: string[] = [];
          for (const ephemeral of [snapshot.secrets.srp, snapshot.secrets.deviceSRP]) {
            if (ephemeral) out.push(ephemeral.a.toString(16), ephemeral.a.toString());
          }
          return out;
        };
        let extra = privates();
        checkState(snapshot, extra);
        const openings: Record<string, RawEvent[]> = {
          none: [],
          verifier: [
            {
              kind: 'response',
              body: { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: verifierParams() },
            },
          ],
          device: [
            {
              kind: 'response',
              body: { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: { USERNAME: 'user-1' } },
            },
          ],
          mfa: [
            {
              kind: 'response',
              body: { ChallengeName: 'SOFTWARE_TOKEN_MFA', ChallengeParameters: {}, Session: 'o1' },
            },
          ],
          'new-password': [
            {
              kind: 'response',
              body: {
                ChallengeName: 'NEW_PASSWORD_REQUIRED',
                ChallengeParameters: { requiredAttributes: '[]', userAttributes: '{}' },
                Session: 'o2',
              },
            },
          ],
          custom: [
            {
              kind: 'response',
              body: { ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { q: '?' }, Session: 'o3' },
            },
          ],
        };
        const script = openings[input.opening] ?? [];
        for (const raw of [...script, ...(events as RawEvent[])]) {
          let next: TransitionResult;
          try {
            next = await transition(snapshot, toEvent(raw, snapshot.state), env);
          } catch (thrown) {
            if (!(thrown instanceof CogflowError)) throw thrown;
            assertClean(thrown.message, 'a thrown error', extra);
            continue;
          }
          step = next;
          snapshot = { state: step.state, secrets: step.secrets };
          const label =
            snapshot.state.status === 'sending'
              ? `sending:${snapshot.state.challenge}`
              : snapshot.state.status === 'waiting'
                ? `waiting:${snapshot.state.step}`
                : snapshot.state.status;
          reached.set(label, (reached.get(label) ?? 0) + 1);
          extra = [...extra, ...privates()];
          checkState(snapshot, extra);
          // A waiting state is what crosses processes: resume it from JSON with no in-memory secrets.
          if (snapshot.state.status === 'waiting') {
            snapshot = { state: JSON.parse(JSON.stringify(snapshot.state)), secrets: {} };
          }
        }
      }),
      { numRuns: 400 },
    );
    // The runs must go deep, or the property says little: the machine's main states were all visited.
    for (const label of [
      'signed-in',
      'failed',
      'sending:PASSWORD_VERIFIER',
      'sending:DEVICE_SRP_AUTH',
      'waiting:NEW_PASSWORD_REQUIRED',
      'waiting:SOFTWARE_TOKEN_MFA',
      'waiting:CUSTOM_CHALLENGE',
    ]) {
      expect(reached.get(label) ?? 0, label).toBeGreaterThan(0);
    }
    expect(asyncRuns).toBeGreaterThan(0);
  }, 120_000);

  it('a pending state tampered with in storage resumes or fails typed, never untyped', async () => {
    const env = testEnv({ clientSecret: SECRETS.clientSecret });
    const start = await transition(
      initialSnapshot(),
      {
        type: 'start',
        input: { username: 'alice', password: SECRETS.password, flow: 'USER_PASSWORD_AUTH' },
        device,
      },
      env,
    );
    const bodies = [
      {
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ChallengeParameters: { USER_ID_FOR_SRP: 'user-1' },
        Session: 'sm',
      },
      {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ChallengeParameters: { requiredAttributes: '["userAttributes.name"]', userAttributes: '{}' },
        Session: 'sn',
      },
      {
        ChallengeName: 'SELECT_CHALLENGE',
        AvailableChallenges: ['PASSWORD_SRP', 'EMAIL_OTP'],
        Session: 'ss',
      },
      {
        ChallengeName: 'MFA_SETUP',
        ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
        Session: 'su',
      },
    ];
    const waitingStates: SignInState[] = [];
    for (const b of bodies) {
      const next = await transition(
        { state: start.state, secrets: start.secrets },
        { type: 'response', operation: 'InitiateAuth', body: b },
        env,
      );
      waitingStates.push(next.state);
    }
    expect(waitingStates).toHaveLength(bodies.length);
    for (const w of waitingStates) expect(w.status).toBe('waiting');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...waitingStates),
        fc.constantFrom(
          'v',
          'status',
          'id',
          'step',
          'flow',
          'username',
          'userId',
          'session',
          'deviceKey',
          'detail',
          'metadata',
          'expiresAt',
          'rememberDevice',
        ),
        fc.anything(),
        answer,
        async (state, field, value, a) => {
          const tampered = { ...JSON.parse(JSON.stringify(state)), [field]: value };
          try {
            const next = await transition(
              { state: tampered, secrets: {} },
              { type: 'answer', answer: a as never, device },
              env,
            );
            checkState({ state: next.state, secrets: next.secrets }, []);
          } catch (thrown) {
            if (!(thrown instanceof CogflowError)) throw thrown;
            assertClean(thrown.message, 'a thrown error', []);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('parsePending accepts only well-formed pending states, with a typed error otherwise', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          parsePending(value);
        } catch (thrown) {
          expect(thrown).toBeInstanceOf(CogflowError);
        }
      }),
    );
  });
});
