// Devices and passkeys from settings: ListDevices pages that survive a forgotten device, ForgetDevice without a
// DeviceKey (the token's device), ListWebAuthnCredentials pages, and the errors for bad paging input.
import { softAuthenticator } from '@cogflow/test-kit/webauthn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { type Challenge, call, deviceVerifier, ok } from './wire.js';

const PASSWORD = 'Correct-Horse-9!';
let emu: Emulator;
let devicesClient: string;
let passkeysClient: string;

beforeAll(async () => {
  emu = await startEmulator({
    seed: {
      pools: [
        {
          name: 'devices',
          deviceConfiguration: {
            ChallengeRequiredOnNewDevice: false,
            DeviceOnlyRememberedOnUserPrompt: false,
          },
          clients: [{ name: 'web' }],
          users: [{ username: 'dee', password: PASSWORD }],
        },
        {
          name: 'passkeys',
          signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] },
          clients: [{ name: 'web' }],
          users: [{ username: 'pia', password: PASSWORD, attributes: { email: 'pia@example.com' } }],
        },
      ],
    },
  });
  devicesClient = emu.pools.devices?.clients.web?.id as string;
  passkeysClient = emu.pools.passkeys?.clients.web?.id as string;
});

afterAll(async () => {
  await emu?.stop();
});

async function passwordSignIn(
  clientId: string,
  username: string,
): Promise<Challenge['AuthenticationResult']> {
  const r = (await ok(emu.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD },
  })) as Challenge;
  return r.AuthenticationResult;
}

/** A sign-in from a new device, confirmed: its key and the access token issued to it. */
async function newDevice(): Promise<{ key: string; access: string }> {
  const result = await passwordSignIn(devicesClient, 'dee');
  const meta = result?.NewDeviceMetadata as { DeviceKey: string; DeviceGroupKey: string };
  await ok(emu.endpoint, 'ConfirmDevice', {
    AccessToken: result?.AccessToken,
    DeviceKey: meta.DeviceKey,
    DeviceName: 'test',
    DeviceSecretVerifierConfig: (await deviceVerifier(meta.DeviceGroupKey, meta.DeviceKey)).verifierConfig,
  });
  // Devices list by creation time: a millisecond apart, so the order the test expects is the order made.
  await emu.control.advanceClock(1);
  return { key: meta.DeviceKey, access: result?.AccessToken as string };
}

describe('devices', () => {
  it('pages by Limit and PaginationToken; a device forgotten between pages does not make the next one skip', async () => {
    const a = await newDevice();
    const b = await newDevice();
    const c = await newDevice();
    const first = await ok(emu.endpoint, 'ListDevices', { AccessToken: c.access, Limit: 2 });
    const firstKeys = (first.Devices as { DeviceKey: string }[]).map((d) => d.DeviceKey);
    expect(firstKeys).toEqual([a.key, b.key]);
    expect(typeof first.PaginationToken).toBe('string');
    await ok(emu.endpoint, 'ForgetDevice', { AccessToken: c.access, DeviceKey: a.key });
    const second = await ok(emu.endpoint, 'ListDevices', {
      AccessToken: c.access,
      Limit: 2,
      PaginationToken: first.PaginationToken,
    });
    expect((second.Devices as { DeviceKey: string }[]).map((d) => d.DeviceKey)).toEqual([c.key]);
    expect(second.PaginationToken).toBeUndefined();
    const bad = await call(emu.endpoint, 'ListDevices', { AccessToken: c.access, PaginationToken: 'bm9wZQ' });
    expect(bad.body).toEqual({ __type: 'InvalidParameterException', message: 'Invalid pagination token.' });
    const big = await call(emu.endpoint, 'ListDevices', { AccessToken: c.access, Limit: 61 });
    expect(big.body.__type).toBe('InvalidParameterException');
  });

  it('ForgetDevice without DeviceKey forgets the device the access token was issued to', async () => {
    const d = await newDevice();
    const other = await newDevice();
    await ok(emu.endpoint, 'ForgetDevice', { AccessToken: d.access });
    const listed = await ok(emu.endpoint, 'ListDevices', { AccessToken: other.access });
    const keys = (listed.Devices as { DeviceKey: string }[]).map((x) => x.DeviceKey);
    expect(keys).toContain(other.key);
    expect(keys).not.toContain(d.key);
    const gone = await call(emu.endpoint, 'GetDevice', { AccessToken: other.access, DeviceKey: d.key });
    expect(gone.body.__type).toBe('ResourceNotFoundException');
  });
});

describe('passkeys', () => {
  it('ListWebAuthnCredentials pages by MaxResults and NextToken; DeleteWebAuthnCredential of an unknown id is refused', async () => {
    const access = (await passwordSignIn(passkeysClient, 'pia'))?.AccessToken as string;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const start = await ok(emu.endpoint, 'StartWebAuthnRegistration', { AccessToken: access });
      const authenticator = softAuthenticator({ rpId: 'localhost', origin: 'http://localhost:5173' });
      await ok(emu.endpoint, 'CompleteWebAuthnRegistration', {
        AccessToken: access,
        Credential: authenticator.register(start.CredentialCreationOptions as never),
      });
      ids.push(authenticator.credentialId);
    }
    const first = await ok(emu.endpoint, 'ListWebAuthnCredentials', { AccessToken: access, MaxResults: 2 });
    expect((first.Credentials as { CredentialId: string }[]).map((c) => c.CredentialId)).toEqual(
      ids.slice(0, 2),
    );
    const second = await ok(emu.endpoint, 'ListWebAuthnCredentials', {
      AccessToken: access,
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    expect((second.Credentials as { CredentialId: string }[]).map((c) => c.CredentialId)).toEqual(
      ids.slice(2),
    );
    expect(second.NextToken).toBeUndefined();
    const tooMany = await call(emu.endpoint, 'ListWebAuthnCredentials', {
      AccessToken: access,
      MaxResults: 21,
    });
    expect(tooMany.body.__type).toBe('InvalidParameterException');
    const unknown = await call(emu.endpoint, 'DeleteWebAuthnCredential', {
      AccessToken: access,
      CredentialId: 'nope',
    });
    expect(unknown.body.__type).toBe('ResourceNotFoundException');
    await ok(emu.endpoint, 'DeleteWebAuthnCredential', { AccessToken: access, CredentialId: ids[1] });
    const left = await ok(emu.endpoint, 'ListWebAuthnCredentials', { AccessToken: access });
    expect((left.Credentials as { CredentialId: string }[]).map((c) => c.CredentialId)).toEqual([
      ids[0],
      ids[2],
    ]);
  });
});
