// A request body over the 1 MiB limit gets an answer (413 SerializationException in the service's shape), not a reset.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { call } from './wire.js';

const MIB = 1024 * 1024;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({});
});
afterAll(async () => {
  await emu?.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends `size` bytes in 64 KiB chunks, as a client streaming a big body does; resolves with whatever answer came. */
function sendBig(path: string, headers: Record<string, string>, size: number): Promise<Answer> {
  const url = new URL(emu.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        headers: { ...headers, 'content-length': size },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    chunk.write('{"x":"', 0);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

function expectTooLarge(a: Answer): void {
  expect(a.status).toBe(413);
  const body = JSON.parse(a.text) as Record<string, unknown>;
  expect(body).toEqual({ __type: 'SerializationException', message: expect.stringContaining('1 MiB') });
  expect(a.headers['x-amzn-errortype']).toBe('SerializationException:');
  expect(a.headers.connection).toBe('close');
}

describe('request body limit', () => {
  it('a 2 MiB operation body is answered 413 SerializationException, then the connection closes', async () => {
    const a = await sendBig(
      '/',
      {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      2 * MIB,
    );
    expectTooLarge(a);
  });

  it('so is an unknown operation and a control call with such a body', async () => {
    expectTooLarge(
      await sendBig('/', { 'x-amz-target': 'AWSCognitoIdentityProviderService.NoSuchThing' }, 2 * MIB),
    );
    expectTooLarge(await sendBig('/_emulator/messages', { 'content-type': 'application/json' }, 2 * MIB));
  });

  it('a body of exactly 1 MiB is still read, and the server answers normally afterwards', async () => {
    const a = await sendBig('/', { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' }, MIB);
    // Read whole: the chunks are not valid JSON, so the operation's own SerializationException, with a 400.
    expect(a.status).toBe(400);
    expect(JSON.parse(a.text).__type).toBe('SerializationException');
    const ok = await call(emu.endpoint, 'ListUserPools', { MaxResults: 10 });
    expect(ok.status).toBe(200);
  });
});
