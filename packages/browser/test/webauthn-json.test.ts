// base64url (RFC 4648 section 5) and the WebAuthn JSON conversions, checked against Node's own base64url codec.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64URL, toBase64URL } from '../src/passkeys/base64url.js';
import {
  assertionToJSON,
  attestationToJSON,
  toCreationOptions,
  toRequestOptions,
} from '../src/passkeys/webauthn-json.js';

const bytesOf = (buffer: ArrayBuffer): number[] => [...new Uint8Array(buffer)];

describe('base64url', () => {
  it('matches Node for every byte string (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64URL(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(bytesOf(fromBase64URL(text, 'x'))).toEqual([...bytes]);
      }),
    );
  });

  it('encodes a view of a larger buffer by its own bytes only', () => {
    const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect(toBase64URL(big.subarray(2, 5))).toBe(Buffer.from([1, 2, 3]).toString('base64url'));
  });

  it('known answers (RFC 4648 section 10, in the url alphabet without padding)', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(toBase64URL(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(fromBase64URL(encoded, 'x'))).toBe(plain);
    }
    expect(bytesOf(fromBase64URL('-_8=', 'x'))).toEqual([251, 255]);
    expect(bytesOf(fromBase64URL('+/8', 'x'))).toEqual([251, 255]);
  });

  it('refuses non-strings and foreign characters with a ProtocolError naming the field, not the value', () => {
    for (const bad of [42, null, 'a', 'ab$d', 'ü']) {
      let caught: unknown;
      try {
        fromBase64URL(bad, 'credentialRequestOptions.challenge');
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({
        name: 'ProtocolError',
        code: 'PROTOCOL',
        field: 'credentialRequestOptions.challenge',
      });
      if (typeof bad === 'string' && bad.length > 1) expect((caught as Error).message).not.toContain(bad);
    }
  });
});

describe('WebAuthn JSON', () => {
  it('decodes request options and keeps the other members', () => {
    const options = toRequestOptions({
      challenge: 'AQID',
      rpId: 'localhost',
      timeout: 60000,
      userVerification: 'required',
      allowCredentials: [{ id: 'BAUG', type: 'public-key', transports: ['internal'] }],
    });
    expect(bytesOf(options.challenge as ArrayBuffer)).toEqual([1, 2, 3]);
    expect(options.rpId).toBe('localhost');
    expect(options.userVerification).toBe('required');
    expect(bytesOf(options.allowCredentials![0]!.id as ArrayBuffer)).toEqual([4, 5, 6]);
    expect(options.allowCredentials![0]!.transports).toEqual(['internal']);
    expect('allowCredentials' in toRequestOptions({ challenge: 'AQID' })).toBe(false);
  });

  it('decodes creation options: challenge, user.id and excludeCredentials', () => {
    const options = toCreationOptions({
      challenge: 'AQID',
      rp: { id: 'localhost', name: 'Example' },
      user: { id: 'dXNlcg', name: 'alice', displayName: 'Alice' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      excludeCredentials: [{ id: 'BAUG', type: 'public-key' }],
    });
    expect(bytesOf(options.challenge as ArrayBuffer)).toEqual([1, 2, 3]);
    expect(new TextDecoder().decode(options.user.id as ArrayBuffer)).toBe('user');
    expect(options.user.name).toBe('alice');
    expect(bytesOf(options.excludeCredentials![0]!.id as ArrayBuffer)).toEqual([4, 5, 6]);
  });

  it('refuses malformed options with a ProtocolError', () => {
    expect(() => toRequestOptions(null)).toThrow(expect.objectContaining({ code: 'PROTOCOL' }));
    expect(() => toRequestOptions({ challenge: 7 })).toThrow(expect.objectContaining({ code: 'PROTOCOL' }));
    expect(() => toRequestOptions({ challenge: 'AQID', allowCredentials: {} })).toThrow(
      expect.objectContaining({ code: 'PROTOCOL' }),
    );
    expect(() => toCreationOptions({ challenge: 'AQID' })).toThrow(
      expect.objectContaining({ code: 'PROTOCOL' }),
    );
  });

  it('encodes an assertion and an attestation to their JSON forms', () => {
    const buf = (...b: number[]): ArrayBuffer => new Uint8Array(b).buffer;
    const assertion = {
      id: 'BAUG',
      rawId: buf(4, 5, 6),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      getClientExtensionResults: () => ({}),
      response: {
        clientDataJSON: buf(1),
        authenticatorData: buf(2),
        signature: buf(3),
        userHandle: buf(117),
      },
    } as unknown as PublicKeyCredential;
    expect(assertionToJSON(assertion)).toEqual({
      id: 'BAUG',
      rawId: 'BAUG',
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: 'AQ', authenticatorData: 'Ag', signature: 'Aw', userHandle: 'dQ' },
    });
    const attestation = {
      id: 'BAUG',
      rawId: buf(4, 5, 6),
      type: 'public-key',
      authenticatorAttachment: null,
      getClientExtensionResults: () => ({ credProps: { rk: true } }),
      response: {
        clientDataJSON: buf(1),
        attestationObject: buf(8),
        getTransports: () => ['internal'],
        getAuthenticatorData: () => buf(2),
        getPublicKeyAlgorithm: () => -7,
        getPublicKey: () => buf(5),
      },
    } as unknown as PublicKeyCredential;
    expect(attestationToJSON(attestation)).toEqual({
      id: 'BAUG',
      rawId: 'BAUG',
      type: 'public-key',
      clientExtensionResults: { credProps: { rk: true } },
      response: {
        clientDataJSON: 'AQ',
        attestationObject: 'CA',
        transports: ['internal'],
        authenticatorData: 'Ag',
        publicKeyAlgorithm: -7,
        publicKey: 'BQ',
      },
    });
  });
});
