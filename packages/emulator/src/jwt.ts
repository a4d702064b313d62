// RS256 JSON Web Tokens (RFC 7515/7519) and the JWKS (RFC 7517) that Cognito publishes per user pool.
import {
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPair,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

export interface SigningKey {
  kid: string;
  privatePem: string;
}

export function newSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid: randomBytes(24).toString('base64'),
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** The same, off the event loop (libuv's thread pool): a 2048-bit RSA key takes a few hundred milliseconds. */
function newSigningKeyAsync(): Promise<SigningKey> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _publicKey, privateKey) => {
      if (err) reject(err);
      else
        resolve({
          kid: randomBytes(24).toString('base64'),
          privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        });
    });
  });
}

/** A pool's signing key: made in the background when the pool is created, or here if it is needed sooner. */
export function poolSigningKey(pool: { key?: SigningKey }): SigningKey {
  if (!pool.key) pool.key = newSigningKey();
  return pool.key;
}

/** Starts making a pool's key in the background so that neither start-up nor the first sign-in waits for it. */
export function warmPoolSigningKey(pool: { key?: SigningKey }): void {
  if (pool.key) return;
  newSigningKeyAsync().then(
    (key) => {
      if (!pool.key) pool.key = key;
    },
    () => undefined,
  );
}

const keyCache = new Map<string, { priv: KeyObject; pub: KeyObject }>();
function keysOf(key: SigningKey): { priv: KeyObject; pub: KeyObject } {
  let k = keyCache.get(key.kid);
  if (!k) {
    const priv = createPrivateKey(key.privatePem);
    k = { priv, pub: createPublicKey(priv) };
    keyCache.set(key.kid, k);
  }
  return k;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ kid: key.kid, alg: 'RS256' }));
  const payload = b64url(JSON.stringify(claims));
  const sig = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(keysOf(key).priv);
  return `${header}.${payload}.${b64url(sig)}`;
}

/** Returns the claims of a token this key signed, or undefined for anything else (bad shape, other key, bad signature). */
export function verifyJwt(key: SigningKey, token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { kid?: string; alg?: string };
    if (header.alg !== 'RS256' || header.kid !== key.kid) return undefined;
    const ok = createVerify('RSA-SHA256')
      .update(`${h}.${p}`)
      .verify(keysOf(key).pub, Buffer.from(s, 'base64url'));
    if (!ok) return undefined;
    return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function jwksOf(key: SigningKey): { keys: Record<string, unknown>[] } {
  const jwk = keysOf(key).pub.export({ format: 'jwk' });
  return { keys: [{ alg: 'RS256', e: jwk.e, kid: key.kid, kty: 'RSA', n: jwk.n, use: 'sig' }] };
}
