/// <reference types="node" />
// A software WebAuthn authenticator for tests (W3C WebAuthn Level 2: ES256 on P-256, "none" attestation, the
// CBOR of RFC 8949 that COSE keys and attestation objects need). Node only: a separate entry point
// (`@cogflow/test-kit/webauthn`), never in a page bundle.

import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

type CBOR = number | string | Uint8Array | Map<number | string, CBOR>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** Unsigned and negative integers, text and byte strings, maps: all a credential needs, nothing more. */
function cbor(value: CBOR): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

export interface SoftAuthenticatorOptions {
  /** The origin written into clientDataJSON, as a browser would (default `https://localhost`). */
  origin?: string;
  /**
   * The relying party id whose hash starts authenticatorData. By default the one the options name (`rp.id`
   * when registering, `rpId` when asserting), else `localhost`, as a browser fills it in from the page.
   */
  rpId?: string;
}

/** How to spoil an assertion, for tests of what a server refuses. */
export interface AssertHow {
  /** Flip a bit of the signature. */
  tamper?: boolean;
  /** Sign for this origin instead of the authenticator's. */
  origin?: string;
}

export interface SoftAuthenticator {
  /** The credential id, base64url (as `id` in the JSON responses and in `allowCredentials`). */
  readonly credentialId: string;
  /** navigator.credentials.create(): creation options in, RegistrationResponseJSON out. */
  register(options: Record<string, unknown>): Record<string, unknown>;
  /** navigator.credentials.get(): request options in, AuthenticationResponseJSON out. */
  assert(options: Record<string, unknown>, how?: AssertHow): Record<string, unknown>;
}

function challengeOf(options: Record<string, unknown>): string {
  const challenge = options.challenge;
  if (typeof challenge !== 'string') throw new Error('softAuthenticator: the options have no challenge');
  return challenge;
}

/** A fresh authenticator holding one new ES256 credential; its signature counter rises with every use. */
export function softAuthenticator(options: SoftAuthenticatorOptions = {}): SoftAuthenticator {
  const origin = options.origin ?? 'https://localhost';
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const rawId = randomBytes(32);
  const id = b64url(rawId);
  let counter = 0;

  const clientData = (type: string, challenge: string, from: string): Buffer =>
    Buffer.from(JSON.stringify({ type, challenge, origin: from, crossOrigin: false }));

  function authData(rpId: string, attested: boolean): Buffer {
    counter += 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    // Flags: user present and user verified, plus attested credential data when registering.
    const parts = [sha256(rpId), Buffer.from([attested ? 0x45 : 0x05]), count];
    if (attested) {
      const coseKey = new Map<number, CBOR>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]);
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(rawId.length);
      parts.push(Buffer.alloc(16) /* AAGUID */, idLength, rawId, cbor(coseKey));
    }
    return Buffer.concat(parts);
  }

  return {
    credentialId: id,
    register(creation) {
      const rp = creation.rp as { id?: string } | undefined;
      const data = clientData('webauthn.create', challengeOf(creation), origin);
      const attestation = new Map<string, CBOR>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData(options.rpId ?? rp?.id ?? 'localhost', true)],
      ]);
      return {
        id,
        rawId: id,
        type: 'public-key',
        authenticatorAttachment: 'platform',
        response: {
          clientDataJSON: b64url(data),
          attestationObject: b64url(cbor(attestation)),
          transports: ['internal'],
        },
        clientExtensionResults: {},
      };
    },
    assert(request, how = {}) {
      const data = clientData('webauthn.get', challengeOf(request), how.origin ?? origin);
      const rpId = options.rpId ?? (request.rpId as string | undefined) ?? 'localhost';
      const signed = authData(rpId, false);
      const signature = sign('sha256', Buffer.concat([signed, sha256(data)]), privateKey);
      if (how.tamper) signature[signature.length - 1] = (signature[signature.length - 1] as number) ^ 1;
      return {
        id,
        rawId: id,
        type: 'public-key',
        authenticatorAttachment: 'platform',
        response: {
          clientDataJSON: b64url(data),
          authenticatorData: b64url(signed),
          signature: b64url(signature),
        },
        clientExtensionResults: {},
      };
    },
  };
}
