// amazon-cognito-identity-js (an independent client) runs a user's life against the emulator: sign-up with
// attributes and validation data, confirmation with the inbox code, passwords, attributes, MFA settings (SMS via
// SetUserSettings, TOTP from a signed-in session), devices with pagination, deletion; each bad code is typed.
import {
  CognitoUser,
  CognitoUserAttribute,
  type CognitoUserSession,
  type ISignUpResult,
} from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { errorOf, identityPool, identitySignIn, MapStorage, totpFor } from './helpers.js';

const PASSWORD = 'Correct-Horse-9!';
const MINUTE = 60 * 1000;

let emu: Emulator;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'ijs',
          mfaConfiguration: 'OPTIONAL',
          enabledMfas: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'],
          deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
          clients: [{ name: 'web' }],
        },
      ],
    },
  });
  poolId = emu.pools.ijs?.id as string;
  clientId = emu.pools.ijs?.clients.web?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

/** Runs a Node-style callback API as a promise. */
function cb<T>(run: (done: (err: unknown, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T))));
}
/** Runs an onSuccess / onFailure API as a promise. */
function cbs<T>(
  run: (c: { onSuccess: (v: T) => void; onFailure: (e: unknown) => void }) => void,
): Promise<T> {
  return new Promise((resolve, reject) => run({ onSuccess: resolve, onFailure: reject }));
}
const codeOf = async (p: Promise<unknown>): Promise<string | undefined> =>
  errorOf(await p.then(() => undefined).catch((e: unknown) => e)).code;
const inbox = async (kind: string): Promise<string> => {
  const m = (await emu.control.messages({ username: 'ivy', poolId })).filter((x) => x.kind === kind).at(-1);
  if (!m) throw new Error(`no ${kind} message`);
  return m.code;
};
const wrongOf = (code: string): string => (code === '000000' ? '111111' : '000000');

async function signedIn(
  password: string,
  totp?: () => string,
): Promise<{ user: CognitoUser; session: CognitoUserSession; storage: MapStorage }> {
  const storage = new MapStorage();
  const p = identityPool(poolId, clientId, emu.endpoint, storage);
  const out = await identitySignIn(p, storage, 'ivy', password, totp ? { totp } : {});
  return { user: out.user, session: out.session, storage };
}

it('runs the life of a user: sign-up to deletion', async () => {
  const storage = new MapStorage();
  const pool = identityPool(poolId, clientId, emu.endpoint, storage);

  // Sign-up (attributes, validation data, client metadata) and confirmation.
  const up = await cb<ISignUpResult>((done) =>
    pool.signUp(
      'ivy',
      PASSWORD,
      [
        new CognitoUserAttribute({ Name: 'email', Value: 'ivy@example.com' }),
        new CognitoUserAttribute({ Name: 'phone_number', Value: '+15555550199' }),
      ],
      [new CognitoUserAttribute({ Name: 'referrer', Value: 'friend' })],
      done,
      { campaign: 'spring' },
    ),
  );
  expect(up.userConfirmed).toBe(false);
  expect(up.userSub).toMatch(/^[0-9a-f-]{36}$/);
  expect(up.codeDeliveryDetails).toEqual({
    Destination: 'i***@e***',
    DeliveryMedium: 'EMAIL',
    AttributeName: 'email',
  });
  const user = new CognitoUser({ Username: 'ivy', Pool: pool, Storage: storage });
  const first = await inbox('SIGN_UP');
  await cb((done) => user.resendConfirmationCode(done));
  const code = await inbox('SIGN_UP');
  if (code !== first)
    expect(await codeOf(cb((done) => user.confirmRegistration(first, false, done)))).toBe(
      'CodeMismatchException',
    );
  expect(await codeOf(cb((done) => user.confirmRegistration(wrongOf(code), false, done)))).toBe(
    'CodeMismatchException',
  );
  await cb((done) => user.confirmRegistration(code, false, done));
  expect(await codeOf(cb((done) => user.confirmRegistration(code, false, done)))).toBe(
    'NotAuthorizedException',
  );

  // Sign in; change the password; forget and reset it (wrong, expired, reused codes).
  let { user: me } = await signedIn(PASSWORD);
  expect(await codeOf(cb((done) => me.changePassword('Wrong-Horse-0!', 'Second-Horse-2!', done)))).toBe(
    'NotAuthorizedException',
  );
  expect(await codeOf(cb((done) => me.changePassword(PASSWORD, 'nouppercase1!', done)))).toBe(
    'InvalidPasswordException',
  );
  await cb((done) => me.changePassword(PASSWORD, 'Second-Horse-2!', done));
  const forgetful = new CognitoUser({ Username: 'ivy', Pool: pool, Storage: new MapStorage() });
  const delivery = await new Promise<{ CodeDeliveryDetails: Record<string, string> }>((resolve, reject) =>
    forgetful.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
  );
  expect(delivery.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', Destination: 'i***@e***' });
  const stale = await inbox('FORGOT_PASSWORD');
  const confirmPassword = (c: string, p: string): Promise<unknown> =>
    cbs((x) => forgetful.confirmPassword(c, p, x));
  expect(await codeOf(confirmPassword(wrongOf(stale), 'Third-Horse-3!'))).toBe('CodeMismatchException');
  await emu.control.advanceClock(61 * MINUTE);
  expect(await codeOf(confirmPassword(stale, 'Third-Horse-3!'))).toBe('ExpiredCodeException');
  await new Promise((resolve, reject) =>
    forgetful.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
  );
  const fresh = await inbox('FORGOT_PASSWORD');
  await confirmPassword(fresh, 'Third-Horse-3!');
  expect(await codeOf(confirmPassword(fresh, 'Fourth-Horse-4!'))).toBe('ExpiredCodeException');
  ({ user: me } = await signedIn('Third-Horse-3!'));

  // Attributes: update the e-mail and verify it; resend a code; delete one.
  const details = await new Promise<unknown>((resolve, reject) =>
    me.updateAttributes(
      [
        new CognitoUserAttribute({ Name: 'email', Value: 'ivy.new@example.com' }),
        new CognitoUserAttribute({ Name: 'nickname', Value: 'Ives' }),
      ],
      (err, _result, data) => (err ? reject(err) : resolve(data)),
    ),
  );
  expect(details).toEqual({
    CodeDeliveryDetailsList: [{ Destination: 'i***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }],
  });
  const verify = await inbox('VERIFY_EMAIL');
  expect(await codeOf(cbs((x) => me.verifyAttribute('email', wrongOf(verify), x)))).toBe(
    'CodeMismatchException',
  );
  await cbs((x) => me.verifyAttribute('email', verify, x));
  expect(await codeOf(cbs((x) => me.verifyAttribute('email', verify, x)))).toBe('ExpiredCodeException');
  await new Promise((resolve, reject) =>
    me.getAttributeVerificationCode('email', {
      onSuccess: resolve,
      onFailure: reject,
      inputVerificationCode: resolve,
    }),
  );
  const again = await inbox('VERIFY_EMAIL');
  expect((await emu.control.messages({ username: 'ivy', poolId })).at(-1)).toMatchObject({
    destination: 'ivy.new@example.com',
    medium: 'EMAIL',
  });
  await cbs((x) => me.verifyAttribute('email', again, x));
  await cb((done) => me.deleteAttributes(['nickname'], done));
  const attrs = await cb<CognitoUserAttribute[]>((done) => me.getUserAttributes(done));
  const byName = Object.fromEntries(attrs.map((a) => [a.getName(), a.getValue()]));
  expect(byName).toMatchObject({ email: 'ivy.new@example.com', email_verified: 'true' });
  expect(byName.nickname).toBeUndefined();

  // MFA settings: SMS through SetUserSettings (enableMFA), then TOTP from this session, then a sign-in with TOTP.
  await cb((done) => me.enableMFA(done));
  let data = await cb<{ MFAOptions?: unknown; UserMFASettingList?: string[] }>((done) =>
    me.getUserData(done, { bypassCache: true }),
  );
  expect(data.MFAOptions).toEqual([{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  await cb((done) => me.disableMFA(done));
  const secret = await new Promise<string>((resolve, reject) =>
    me.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
  const setupCode = totpFor(secret).generate({ timestamp: await emu.control.now() });
  await cbs((x) => me.verifySoftwareToken(setupCode, 'phone', x));
  await cb((done) => me.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, done));
  data = await cb((done) => me.getUserData(done, { bypassCache: true }));
  expect(data).toMatchObject({
    PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
    UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
  });
  await emu.control.advanceClock(30_000);
  const now = await emu.control.now();
  const phone = await signedIn('Third-Horse-3!', () => totpFor(secret).generate({ timestamp: now }));
  await emu.control.advanceClock(30_000);
  const later = await emu.control.now();
  const laptop = await signedIn('Third-Horse-3!', () => totpFor(secret).generate({ timestamp: later }));

  // Devices (one per signed-in storage): page by page, one a page; remember one; forget another by key.
  type Page = { Devices: { DeviceKey: string; DeviceAttributes: { Name: string; Value: string }[] }[] };
  const all = await cbs<Page>((x) => laptop.user.listDevices(60, null, x));
  expect(all.Devices.length).toBeGreaterThanOrEqual(3);
  const keys: string[] = [];
  let token: string | null = null;
  do {
    const page: Page & { PaginationToken?: string } = await cbs((x) => laptop.user.listDevices(1, token, x));
    expect(page.Devices).toHaveLength(1);
    keys.push(...page.Devices.map((d) => d.DeviceKey));
    token = page.PaginationToken ?? null;
  } while (token);
  expect(keys.sort()).toEqual(all.Devices.map((d) => d.DeviceKey).sort());
  await cbs((x) => laptop.user.setDeviceStatusRemembered(x));
  const phoneKey = (phone.user as unknown as { deviceKey: string }).deviceKey;
  expect(keys).toContain(phoneKey);
  await cbs((x) => laptop.user.forgetSpecificDevice(phoneKey, x));
  const left = await cbs<Page>((x) => laptop.user.listDevices(60, null, x));
  expect(left.Devices.map((d) => d.DeviceKey)).not.toContain(phoneKey);
  const mine = left.Devices.find(
    (d) => d.DeviceKey === (laptop.user as unknown as { deviceKey: string }).deviceKey,
  );
  expect(mine?.DeviceAttributes).toContainEqual({
    Name: 'dev:device_remembered_status',
    Value: 'remembered',
  });

  // Deletion.
  await cb((done) => laptop.user.deleteUser(done));
  const gone = await codeOf(identitySignIn(pool, new MapStorage(), 'ivy', 'Third-Horse-3!'));
  expect(gone).toBe('NotAuthorizedException');
});
