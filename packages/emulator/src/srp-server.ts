// The server side of Cognito's SRP-6a (3072-bit group of RFC 3526, SHA-256, padHex codec, "Caldera Derived Key").
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { bigIntToBytes, bytesToBigInt, modPow } from './modpow.js';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const SRP_N = BigInt(`0x${N_HEX}`);
export const SRP_G = 2n;

/** Minimal two's-complement big-endian hex: what Cognito hashes, not RFC 5054's pad-to-|N|. */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if ('89abcdef'.includes(hex[0] as string)) hex = `00${hex}`;
  return hex;
}

const padBytes = (n: bigint): Buffer => Buffer.from(padHex(n), 'hex');

function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export const SRP_K = bytesToBigInt(sha256(padBytes(SRP_N), padBytes(SRP_G)));

/** x = H(padHex(salt) | H(utf8(realm + id + ":" + password))); realm is the pool name or the DeviceGroupKey. */
export function computeX(saltHex: string, realm: string, id: string, password: string): bigint {
  const inner = sha256(Buffer.from(`${realm}${id}:${password}`, 'utf8'));
  return bytesToBigInt(sha256(padBytes(BigInt(`0x${saltHex}`)), inner));
}

export interface PasswordVerifier {
  /** Canonical padHex of the salt integer, as sent in SALT. */
  salt: string;
  /** Hex of v = g^x mod N. */
  verifier: string;
}

export function createVerifier(
  realm: string,
  id: string,
  password: string,
  saltHex?: string,
): PasswordVerifier {
  const salt = padHex(bytesToBigInt(saltHex ? Buffer.from(saltHex, 'hex') : randomBytes(16)));
  const x = computeX(salt, realm, id, password);
  return { salt, verifier: modPow(SRP_G, x, SRP_N).toString(16) };
}

/** Checks a plain password against a stored verifier (USER_PASSWORD_AUTH and friends): one modPow. */
export function passwordMatches(
  stored: PasswordVerifier,
  realm: string,
  id: string,
  password: string,
): boolean {
  const x = computeX(stored.salt, realm, id, password);
  return modPow(SRP_G, x, SRP_N) === BigInt(`0x${stored.verifier}`);
}

export interface ServerEphemeral {
  /** Hex of the server's private b. */
  b: string;
  /** Hex of B = k*v + g^b mod N. */
  B: string;
}

export function serverEphemeral(verifierHex: string): ServerEphemeral {
  const v = BigInt(`0x${verifierHex}`);
  for (;;) {
    const b = bytesToBigInt(randomBytes(32));
    const B = (SRP_K * v + modPow(SRP_G, b, SRP_N)) % SRP_N;
    if (B !== 0n && b !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

/** Parses SRP_A; a value that is not hex or is 0 mod N is refused (the SRP safety check on the server side). */
export function parseClientPublic(aHex: string): bigint | undefined {
  if (!/^[0-9a-fA-F]{1,2000}$/.test(aHex)) return undefined;
  const A = BigInt(`0x${aHex}`);
  if (A % SRP_N === 0n) return undefined;
  return A;
}

export interface ClaimCheck {
  A: bigint;
  b: string;
  B: string;
  verifier: string;
  realm: string;
  id: string;
  secretBlock: string;
  timestamp: string;
  signature: string;
}

/** Verifies PASSWORD_CLAIM_SIGNATURE = base64(HMAC(K, realm | id | SECRET_BLOCK bytes | TIMESTAMP)). */
export function verifyClaim(c: ClaimCheck): boolean {
  const B = BigInt(`0x${c.B}`);
  const b = BigInt(`0x${c.b}`);
  const v = BigInt(`0x${c.verifier}`);
  const u = bytesToBigInt(sha256(padBytes(c.A), padBytes(B)));
  if (u === 0n) return false;
  const S = modPow((c.A * modPow(v, u, SRP_N)) % SRP_N, b, SRP_N);
  const K = Buffer.from(
    hkdfSync('sha256', padBytes(S), padBytes(u), Buffer.from('Caldera Derived Key', 'utf8'), 16),
  );
  const expected = createHmac('sha256', K)
    .update(Buffer.from(c.realm, 'utf8'))
    .update(Buffer.from(c.id, 'utf8'))
    .update(Buffer.from(c.secretBlock, 'base64'))
    .update(Buffer.from(c.timestamp, 'utf8'))
    .digest();
  let given: Buffer;
  try {
    given = Buffer.from(c.signature, 'base64');
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const DAYS = 'Sun|Mon|Tue|Wed|Thu|Fri|Sat';
const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const TIMESTAMP = new RegExp(
  `^(${DAYS}) (${MONTHS}) ([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] UTC [0-9]{4}$`,
);

/** The TIMESTAMP the claim signs: `EEE MMM d HH:mm:ss UTC yyyy`, English names, day not zero-padded. */
export function isValidTimestamp(ts: string): boolean {
  return TIMESTAMP.test(ts);
}

export { bigIntToBytes };
