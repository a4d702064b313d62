// Who may call the control API from a web page (the controlOrigins allow-list), and that an unknown operation
// never rewrites the state file.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/index.js';
import { type RawAnswer, rawClient } from './raw-http.js';

const dir = mkdtempSync(join(tmpdir(), 'cogflow-origins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed: EmulatorOptions['seed'] = {
  pools: [
    {
      name: 'main',
      clients: [{ name: 'web' }],
      users: [{ username: 'alice', password: 'Correct-Horse-9!' }],
    },
  ],
};

async function withEmulator(options: EmulatorOptions, run: (emu: Emulator) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ seed, ...options });
  try {
    await run(emu);
  } finally {
    await emu.stop();
  }
}

function control(
  emu: Emulator,
  call: string,
  origin: string | undefined,
  body: unknown = {},
): Promise<RawAnswer> {
  const raw = rawClient(emu.endpoint, 1);
  return raw
    .send({
      path: `/_emulator/${call}`,
      headers: { 'content-type': 'application/json', ...(origin === undefined ? {} : { origin }) },
      body: JSON.stringify(body),
    })
    .finally(() => raw.close());
}

function preflight(emu: Emulator, call: string, origin: string): Promise<RawAnswer> {
  const raw = rawClient(emu.endpoint, 1);
  return raw
    .send({
      method: 'OPTIONS',
      path: `/_emulator/${call}`,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    .finally(() => raw.close());
}

const HOUR = 3_600_000;

describe('control API origins', () => {
  it('by default a page on another origin is refused before anything runs; loopback pages and non-browsers get in', async () => {
    await withEmulator({}, async (emu) => {
      const before = await emu.control.now();
      for (const origin of [
        'https://evil.example',
        'http://evil.example:9229',
        'null',
        'http://127.0.0.1.evil.example',
      ]) {
        const refused = await control(emu, 'advanceClock', origin, { ms: HOUR });
        expect(refused.status).toBe(403);
        expect(JSON.parse(refused.text)).toEqual({
          __type: 'AccessDeniedException',
          message: expect.stringContaining('controlOrigins'),
        });
        expect(refused.headers['x-amzn-errortype']).toBe('AccessDeniedException:');
        expect(refused.headers['access-control-allow-origin']).toBeUndefined();
        const codes = await control(emu, 'messages', origin);
        expect(codes.status).toBe(403);
        expect(codes.text).not.toContain('result');
        const pre = await preflight(emu, 'messages', origin);
        expect(pre.status).toBe(403);
        expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      }
      // Nothing the refused pages asked for happened.
      expect((await emu.control.now()) - before).toBeLessThan(HOUR);

      for (const origin of [
        'http://localhost:5173',
        'http://127.0.0.1:3000',
        'http://[::1]:8080',
        'https://app.localhost',
      ]) {
        const pre = await preflight(emu, 'messages', origin);
        expect(pre.status).toBe(204);
        expect(pre.headers['access-control-allow-origin']).toBe(origin);
        expect(pre.headers.vary).toBe('Origin');
        const answer = await control(emu, 'messages', origin);
        expect(answer.status).toBe(200);
        expect(answer.headers['access-control-allow-origin']).toBe(origin);
        expect(JSON.parse(answer.text)).toEqual({ result: [] });
      }
      const node = await control(emu, 'now', undefined);
      expect(node.status).toBe(200);
      expect(node.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('the Cognito API itself stays open to every origin, as the service', async () => {
    await withEmulator({}, async (emu) => {
      const raw = rawClient(emu.endpoint, 1);
      const a = await raw.send({
        headers: {
          origin: 'https://evil.example',
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
        },
        body: JSON.stringify({ MaxResults: 10 }),
      });
      raw.close();
      expect(a.status).toBe(200);
      expect(a.headers['access-control-allow-origin']).toBe('*');
    });
  });

  it('an explicit list replaces the default; [] lets no page in', async () => {
    await withEmulator({ controlOrigins: ['https://app.test:8443'] }, async (emu) => {
      expect((await control(emu, 'now', 'https://app.test:8443')).status).toBe(200);
      expect((await control(emu, 'now', 'https://app.test')).status).toBe(403);
      expect((await control(emu, 'now', 'http://localhost:5173')).status).toBe(403);
    });
    await withEmulator({ controlOrigins: [] }, async (emu) => {
      expect((await control(emu, 'now', 'http://localhost:5173')).status).toBe(403);
      expect((await control(emu, 'now', undefined)).status).toBe(200);
    });
    await expect(startEmulator({ controlOrigins: ['*'] })).rejects.toThrow(/not an origin/);
    await expect(startEmulator({ controlOrigins: ['https://app.test/path'] })).rejects.toThrow(
      /not an origin/,
    );
  });

  it('control calls are POST only, and a bad body is a SerializationException', async () => {
    await withEmulator({}, async (emu) => {
      const raw = rawClient(emu.endpoint, 1);
      const get = await raw.send({ method: 'GET', path: '/_emulator/messages' });
      expect(get.status).toBe(405);
      expect(JSON.parse(get.text).__type).toBe('MethodNotAllowedException');
      const bad = await raw.send({ path: '/_emulator/messages', body: '[1,2]' });
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).__type).toBe('SerializationException');
      raw.close();
    });
  });
});

describe('unknown operations and the state file', () => {
  it('an inherited name as X-Amz-Target writes nothing (constructor used to save the state)', async () => {
    const stateFile = join(dir, 'state.json');
    await withEmulator({ stateFile }, async (emu) => {
      // The start-up save: wait until the file is there and stable.
      const raw = rawClient(emu.endpoint, 1);
      await raw.send({
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserPool' },
        body: JSON.stringify({ UserPoolId: emu.pools.main?.id }),
      });
      for (let i = 0; i < 200 && !existsSync(stateFile); i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      const written = (): string => `${statSync(stateFile).ino}:${statSync(stateFile).mtimeMs}`;
      const before = written();
      const statuses: number[] = [];
      for (const name of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty']) {
        const a = await raw.send({
          headers: { 'x-amz-target': `AWSCognitoIdentityProviderService.${name}` },
          body: '{}',
        });
        statuses.push(a.status);
      }
      await new Promise((r) => setTimeout(r, 300));
      // Every save is a new file renamed into place (inodes may be recycled, so the write time too).
      expect(written()).toBe(before);
      expect(statuses).toEqual([400, 400, 400, 400, 400]);
      raw.close();
    });
  });
});
