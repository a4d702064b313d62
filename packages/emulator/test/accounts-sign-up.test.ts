// Sign-up as the service does it: the answer's shape and Session, the password policy's messages, attributes an app
// client may write, code lifetimes and the attempt limit, aliases claimed at confirmation, sign-in with the Session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, call, ok, srpSignIn } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
const HOUR = 60 * 60 * 1000;

let emu: Emulator;
let web: string;
let strictClient: string;
let poolId: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'alias',
          aliasAttributes: ['email'],
          clients: [{ name: 'web', authSessionValidityMinutes: 3 }],
        },
        {
          name: 'strict',
          passwordPolicy: { MinimumLength: 12 },
          autoVerifiedAttributes: [],
          // custom:team is declared, as the service wants every custom attribute to be.
          schema: [
            { Name: 'given_name', Required: true },
            { Name: 'team', AttributeDataType: 'String' },
          ],
          clients: [{ name: 'web' }],
        },
      ],
    },
  });
  poolId = emu.pools.alias?.id as string;
  web = emu.pools.alias?.clients.web?.id as string;
  strictClient = emu.pools.strict?.clients.web?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

async function signUp(username: string, email: string, clientId = web): Promise<Record<string, unknown>> {
  return ok(emu.endpoint, 'SignUp', {
    ClientId: clientId,
    Username: username,
    Password: PASSWORD,
    UserAttributes: [{ Name: 'email', Value: email }],
    ValidationData: [{ Name: 'source', Value: 'test' }],
    ClientMetadata: { campaign: 'spring' },
  });
}

const code = async (username: string): Promise<string> =>
  (await emu.control.lastCode({ username, poolId })) as string;
const otherThan = (c: string): string => (c === '000000' ? '111111' : '000000');

describe('SignUp', () => {
  it('answers UserConfirmed, UserSub, a masked CodeDeliveryDetails and a Session; the inbox has the code', async () => {
    const up = await signUp('nina', 'nina@example.com');
    expect(up.UserConfirmed).toBe(false);
    expect(up.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(up.CodeDeliveryDetails).toEqual({
      Destination: 'n***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(typeof up.Session).toBe('string');
    const [message] = await emu.control.messages({ username: 'nina', poolId });
    expect(message).toMatchObject({
      medium: 'EMAIL',
      destination: 'nina@example.com',
      maskedDestination: 'n***@e***',
      kind: 'SIGN_UP',
    });
    expect(message?.code).toMatch(/^[0-9]{6}$/);
  });

  it("enforces the pool's password policy with the service's messages, and the password's pattern", async () => {
    const cases: [string, string][] = [
      ['Aa1!aaaa', 'Password not long enough'],
      ['aaaaaaaaaa1!', 'Password must have uppercase characters'],
      ['AAAAAAAAAA1!', 'Password must have lowercase characters'],
      ['Aaaaaaaaaaa!', 'Password must have numeric characters'],
      ['Aaaaaaaaaaa1', 'Password must have symbol characters'],
    ];
    for (const [password, why] of cases) {
      const r = await call(emu.endpoint, 'SignUp', {
        ClientId: strictClient,
        Username: 'pat',
        Password: password,
        UserAttributes: [{ Name: 'given_name', Value: 'Pat' }],
      });
      expect(r.body).toEqual({
        __type: 'InvalidPasswordException',
        message: `Password did not conform with policy: ${why}`,
      });
    }
    const spaced = await call(emu.endpoint, 'SignUp', {
      ClientId: strictClient,
      Username: 'pat',
      Password: ' Aaaaaaaaaaa1!',
      UserAttributes: [{ Name: 'given_name', Value: 'Pat' }],
    });
    expect(spaced.body.__type).toBe('InvalidParameterException');
    expect(String(spaced.body.message)).not.toContain('Aaaaaaaaaaa1!');
  });

  it('refuses attributes an app client may not write, unknown ones and missing required ones; nothing is created', async () => {
    const base = { ClientId: strictClient, Username: 'quinn', Password: 'Long-Enough-Pass-1!' };
    const verified = await call(emu.endpoint, 'SignUp', {
      ...base,
      UserAttributes: [
        { Name: 'given_name', Value: 'Q' },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    expect(verified.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
    const unknown = await call(emu.endpoint, 'SignUp', {
      ...base,
      UserAttributes: [
        { Name: 'given_name', Value: 'Q' },
        { Name: 'shoe_size', Value: '44' },
      ],
    });
    expect(unknown.body.__type).toBe('InvalidParameterException');
    const undeclared = await call(emu.endpoint, 'SignUp', {
      ...base,
      UserAttributes: [
        { Name: 'given_name', Value: 'Q' },
        { Name: 'custom:shoe', Value: '44' },
      ],
    });
    expect(undeclared.body).toEqual({
      __type: 'InvalidParameterException',
      message:
        'Attributes did not conform to the schema: Type for attribute {custom:shoe} could not be determined',
    });
    const missing = await call(emu.endpoint, 'SignUp', { ...base, UserAttributes: [] });
    expect(missing.body).toEqual({
      __type: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: given_name: The attribute is required',
    });
    const proto = await call(emu.endpoint, 'SignUp', {
      ...base,
      UserAttributes: [{ Name: '__proto__', Value: 'x' }],
    });
    expect(proto.body.__type).toBe('InvalidParameterException');
    // None of the refusals made the user: the same name signs up now.
    const up = await ok(emu.endpoint, 'SignUp', {
      ...base,
      UserAttributes: [
        { Name: 'given_name', Value: 'Q' },
        { Name: 'custom:team', Value: 'blue' },
      ],
    });
    // A pool that auto-verifies nothing sends no code.
    expect(up.CodeDeliveryDetails).toBeUndefined();
    const again = await call(emu.endpoint, 'ResendConfirmationCode', {
      ClientId: strictClient,
      Username: 'quinn',
    });
    expect(again.body).toEqual({
      __type: 'InvalidParameterException',
      message: 'Auto verification not turned on.',
    });
  });

  it('refuses a username in e-mail format in a pool with an e-mail alias', async () => {
    const r = await call(emu.endpoint, 'SignUp', { ClientId: web, Username: 'a@b.io', Password: PASSWORD });
    expect(r.body).toEqual({
      __type: 'InvalidParameterException',
      message: 'Username cannot be of email format, since user pool is configured for email alias.',
    });
  });
});

describe('ConfirmSignUp', () => {
  it('wrong, expired, replaced and reused codes each get their error; the right one confirms and verifies', async () => {
    await signUp('omar', 'omar@example.com');
    const first = await code('omar');
    const wrong = await call(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: 'omar',
      ConfirmationCode: otherThan(first),
    });
    expect(wrong.body.__type).toBe('CodeMismatchException');
    await ok(emu.endpoint, 'ResendConfirmationCode', { ClientId: web, Username: 'omar' });
    const second = await code('omar');
    if (second !== first) {
      const replaced = await call(emu.endpoint, 'ConfirmSignUp', {
        ClientId: web,
        Username: 'omar',
        ConfirmationCode: first,
      });
      expect(replaced.body.__type).toBe('CodeMismatchException');
    }
    await emu.control.advanceClock(24 * HOUR + 1000);
    const expired = await call(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: 'omar',
      ConfirmationCode: second,
    });
    expect(expired.body.__type).toBe('ExpiredCodeException');
    await ok(emu.endpoint, 'ResendConfirmationCode', { ClientId: web, Username: 'omar' });
    const third = await code('omar');
    await emu.control.advanceClock(23 * HOUR);
    const confirmed = await ok(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: 'omar',
      ConfirmationCode: third,
    });
    expect(typeof confirmed.Session).toBe('string');
    const reused = await call(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: 'omar',
      ConfirmationCode: third,
    });
    expect(reused.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
    // The code proved the e-mail: it is verified, so it now works as the sign-in alias.
    expect((await srpSignIn(emu.endpoint, poolId, web, 'omar@example.com', PASSWORD)).status).toBe(200);
  });

  it('after five wrong codes in an hour even the right one is LimitExceededException; an hour later it works', async () => {
    await signUp('lena', 'lena@example.com');
    const right = await code('lena');
    // One code requested + four wrong ones = five attempts in the hour.
    for (let i = 0; i < 4; i++) {
      const r = await call(emu.endpoint, 'ConfirmSignUp', {
        ClientId: web,
        Username: 'lena',
        ConfirmationCode: otherThan(right),
      });
      expect(r.body.__type).toBe('CodeMismatchException');
    }
    const limited = await call(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: 'lena',
      ConfirmationCode: right,
    });
    expect(limited.body).toEqual({
      __type: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
    await emu.control.advanceClock(HOUR + 1000);
    await ok(emu.endpoint, 'ConfirmSignUp', { ClientId: web, Username: 'lena', ConfirmationCode: right });
  });

  it('an e-mail alias another user already verified is AliasExistsException (the code stays); ForceAliasCreation moves it', async () => {
    await signUp('ana', 'shared@example.com');
    await ok(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: 'ana',
      ConfirmationCode: await code('ana'),
    });
    await signUp('bob', 'shared@example.com');
    const bobCode = await code('bob');
    const taken = await call(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: 'bob',
      ConfirmationCode: bobCode,
    });
    expect(taken.body).toEqual({
      __type: 'AliasExistsException',
      message: 'An account with the email already exists.',
    });
    await ok(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: 'bob',
      ConfirmationCode: bobCode,
      ForceAliasCreation: true,
    });
    const init = await call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: web,
      AuthParameters: { USERNAME: 'shared@example.com', PASSWORD },
    });
    const access = (init.body as Challenge).AuthenticationResult?.AccessToken;
    expect((await ok(emu.endpoint, 'GetUser', { AccessToken: access })).Username).toBe('bob');
  });
});

describe('sign-in with the ConfirmSignUp Session (USER_AUTH)', () => {
  async function confirmed(name: string): Promise<string> {
    const up = await signUp(name, `${name}@example.com`);
    const r = await ok(emu.endpoint, 'ConfirmSignUp', {
      ClientId: web,
      Username: name,
      ConfirmationCode: await code(name),
      Session: up.Session,
    });
    return r.Session as string;
  }
  const withSession = (
    name: string,
    session: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> =>
    call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: web,
      AuthParameters: { USERNAME: name },
      Session: session,
    });

  it('signs in once without another factor; a second use is refused', async () => {
    const session = await confirmed('sol');
    const first = await withSession('sol', session);
    const tokens = (first.body as Challenge).AuthenticationResult;
    expect(tokens?.AccessToken).toBeTruthy();
    expect((await ok(emu.endpoint, 'GetUser', { AccessToken: tokens?.AccessToken })).Username).toBe('sol');
    const again = await withSession('sol', session);
    expect(again.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it("is refused for another user's name and after the session's lifetime", async () => {
    const session = await confirmed('tia');
    await signUp('uma', 'uma@example.com');
    const foreign = await withSession('uma', session);
    expect(foreign.body.__type).toBe('NotAuthorizedException');
    await emu.control.advanceClock(3 * 60 * 1000 + 1000);
    const late = await withSession('tia', session);
    expect(late.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });
});

describe('UsernameConfiguration.CaseSensitive', () => {
  async function pool(config?: { CaseSensitive: boolean }): Promise<{ id: string; client: string }> {
    const created = await ok(emu.endpoint, 'CreateUserPool', {
      PoolName: `case-${String(config?.CaseSensitive)}`,
      AutoVerifiedAttributes: ['email'],
      ...(config ? { UsernameConfiguration: config } : {}),
    });
    const id = (created.UserPool as { Id: string }).Id;
    const client = await ok(emu.endpoint, 'CreateUserPoolClient', {
      UserPoolId: id,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    return { id, client: (client.UserPoolClient as { ClientId: string }).ClientId };
  }
  const passwordSignIn = (
    client: string,
    name: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> =>
    call(emu.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: client,
      AuthParameters: { USERNAME: name, PASSWORD },
    });

  it('left out, usernames are case-sensitive (the API default): Alice and alice are two users', async () => {
    const p = await pool();
    for (const name of ['Alice', 'alice']) {
      await ok(emu.endpoint, 'SignUp', { ClientId: p.client, Username: name, Password: PASSWORD });
      await ok(emu.endpoint, 'AdminConfirmSignUp', { UserPoolId: p.id, Username: name });
    }
    const listed = await ok(emu.endpoint, 'ListUsers', { UserPoolId: p.id });
    expect((listed.Users as { Username: string }[]).map((u) => u.Username).sort()).toEqual([
      'Alice',
      'alice',
    ]);
    expect((await passwordSignIn(p.client, 'Alice')).status).toBe(200);
    expect((await passwordSignIn(p.client, 'ALICE')).body.__type).toBe('NotAuthorizedException');
  });

  it('false: any capitalisation names the same user, and a second sign-up of it is UsernameExistsException', async () => {
    const p = await pool({ CaseSensitive: false });
    await ok(emu.endpoint, 'SignUp', { ClientId: p.client, Username: 'Bob', Password: PASSWORD });
    const dup = await call(emu.endpoint, 'SignUp', {
      ClientId: p.client,
      Username: 'bob',
      Password: PASSWORD,
    });
    expect(dup.body.__type).toBe('UsernameExistsException');
    await ok(emu.endpoint, 'AdminConfirmSignUp', { UserPoolId: p.id, Username: 'BOB' });
    const r = await passwordSignIn(p.client, 'bOb');
    expect(r.status).toBe(200);
  });
});
