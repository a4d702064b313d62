// Test-only driver for amazon-cognito-identity-js 6.3 as an independent SRP oracle: we feed it a, B, salt, secret
// block and timestamp through a fake service and read back what it sends. None of its code is copied here.

import { createDiffieHellman } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the library is untyped CommonJS internals.
type Any = any;

const lib: Any = require('amazon-cognito-identity-js');
const BigInteger: Any = require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const { AuthenticationHelper, AuthenticationDetails, CognitoUser, CognitoUserPool, DateHelper } = lib;

let nextA: bigint | undefined;
let nextTimestamp: string | undefined;
let lastKey: Uint8Array | undefined;

// The helper draws its secret a in its constructor and the timestamp from the wall clock: both are replaced by
// the values a case chooses. The key is read from the callback of getPasswordAuthenticationKey.
AuthenticationHelper.prototype.generateRandomSmallA = function generateRandomSmallA(): Any {
  if (nextA === undefined) throw new Error('oracle: no a queued');
  const a = nextA;
  nextA = undefined;
  return new BigInteger(a.toString(16), 16);
};
const originalGetKey = AuthenticationHelper.prototype.getPasswordAuthenticationKey;
AuthenticationHelper.prototype.getPasswordAuthenticationKey = function getKey(
  this: Any,
  ...args: Any[]
): Any {
  const callback = args[4];
  args[4] = (err: Any, hkdf: Any) => {
    lastKey = hkdf ? new Uint8Array(hkdf) : undefined;
    callback(err, hkdf);
  };
  return originalGetKey.apply(this, args);
};
const originalNowString: () => string = DateHelper.prototype.getNowString;
DateHelper.prototype.getNowString = function getNowString(): string {
  if (nextTimestamp === undefined) throw new Error('oracle: no timestamp queued');
  return nextTimestamp;
};

const originalModPow = BigInteger.prototype.modPow;

/**
 * Swaps the oracle's own modexp (jsbn, ~90 ms for a 1024-bit exponent) for OpenSSL's through node:crypto, so a run
 * can afford a thousand cases. Everything else the oracle does (padding, hashing, the S formula, HKDF, the
 * signature) stays its own. Cases run with `fast = false` keep jsbn end to end.
 */
export function setOracleModPow(fast: boolean): void {
  if (!fast) {
    BigInteger.prototype.modPow = originalModPow;
    return;
  }
  BigInteger.prototype.modPow = function modPow(this: Any, e: Any, m: Any, callback: Any): Any {
    const result = nativeModPow(fromJsbn(this), fromJsbn(e), fromJsbn(m));
    const out = new BigInteger(result.toString(16), 16);
    if (callback) callback(null, out);
    return out;
  };
}

function fromJsbn(value: Any): bigint {
  const digits: string = value.toString(16);
  return digits.startsWith('-') ? -BigInt(`0x${digits.slice(1)}`) : BigInt(`0x${digits}`);
}

const dhByModulus = new Map<bigint, ReturnType<typeof createDiffieHellman>>();
function toBuffer(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}
/** OpenSSL where it accepts the inputs, textbook square-and-multiply elsewhere; independent of cogflow's code. */
function nativeModPow(base0: bigint, exponent: bigint, modulus: bigint): bigint {
  const base = ((base0 % modulus) + modulus) % modulus;
  if (exponent > 0n && base >= 2n && base <= modulus - 2n) {
    let dh = dhByModulus.get(modulus);
    if (!dh) {
      dh = createDiffieHellman(toBuffer(modulus), Buffer.from([2]));
      dhByModulus.set(modulus, dh);
    }
    dh.setPrivateKey(toBuffer(exponent));
    return BigInt(`0x${dh.computeSecret(toBuffer(base)).toString('hex')}`);
  }
  let r = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return r % modulus;
}

function memoryStorage(): Any {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    clear: () => data.clear(),
  };
}

export interface OracleChallenge {
  salt: string;
  srpB: string;
  secretBlock: string;
}

export interface OracleResult {
  /** SRP_A as the library sent it. */
  srpA: string;
  /** The 16-byte HKDF key it derived. */
  key: Uint8Array;
  /** What it sent in its final RespondToAuthChallenge. */
  responses: Record<string, string>;
}

/** Runs the library's user flow (USER_SRP_AUTH, then PASSWORD_VERIFIER) against a fake service. */
export function oracleUserFlow(input: {
  userPoolId: string;
  username: string;
  userIdForSRP: string;
  password: string;
  a: bigint;
  timestamp: string;
  challenge: OracleChallenge;
}): OracleResult {
  let srpA: string | undefined;
  let responses: Record<string, string> | undefined;
  const storage = memoryStorage();
  const pool = new CognitoUserPool({
    UserPoolId: input.userPoolId,
    ClientId: 'oracleclient',
    Storage: storage,
  });
  pool.client = {
    request(operation: string, params: Any, callback: Any): void {
      if (operation === 'InitiateAuth') {
        srpA = params.AuthParameters.SRP_A;
        callback(null, {
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: 'session-1',
          ChallengeParameters: {
            SALT: input.challenge.salt,
            SRP_B: input.challenge.srpB,
            SECRET_BLOCK: input.challenge.secretBlock,
            USER_ID_FOR_SRP: input.userIdForSRP,
            USERNAME: input.userIdForSRP,
          },
        });
        return;
      }
      responses = params.ChallengeResponses;
      callback(
        { code: 'NotAuthorizedException', name: 'NotAuthorizedException', message: 'stop here' },
        null,
      );
    },
  };
  const user = new CognitoUser({ Username: input.username, Pool: pool, Storage: storage });
  nextA = input.a;
  nextTimestamp = input.timestamp;
  lastKey = undefined;
  let failure: Any;
  user.authenticateUser(new AuthenticationDetails({ Username: input.username, Password: input.password }), {
    onSuccess: () => {
      failure = new Error('oracle: unexpected success');
    },
    onFailure: (err: Any) => {
      if (err?.message !== 'stop here') failure = err;
    },
  });
  // Every step above is synchronous with the fake service; anything missing means the library took another path.
  if (failure) throw failure;
  if (!srpA || !responses || !lastKey)
    throw new Error('oracle: the user flow did not reach PASSWORD_VERIFIER');
  return { srpA, key: lastKey, responses };
}

/** Runs the library's device flow (DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER) against a fake service. */
export function oracleDeviceFlow(input: {
  userPoolId: string;
  username: string;
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
  a: bigint;
  timestamp: string;
  challenge: OracleChallenge;
}): OracleResult {
  let srpA: string | undefined;
  let responses: Record<string, string> | undefined;
  const storage = memoryStorage();
  const pool = new CognitoUserPool({
    UserPoolId: input.userPoolId,
    ClientId: 'oracleclient',
    Storage: storage,
  });
  pool.client = {
    request(_operation: string, params: Any, callback: Any): void {
      if (params.ChallengeName === 'DEVICE_SRP_AUTH') {
        srpA = params.ChallengeResponses.SRP_A;
        callback(null, {
          ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
          Session: 'session-2',
          ChallengeParameters: {
            SALT: input.challenge.salt,
            SRP_B: input.challenge.srpB,
            SECRET_BLOCK: input.challenge.secretBlock,
            USERNAME: input.username,
          },
        });
        return;
      }
      responses = params.ChallengeResponses;
      callback(
        { code: 'NotAuthorizedException', name: 'NotAuthorizedException', message: 'stop here' },
        null,
      );
    },
  };
  const user = new CognitoUser({ Username: input.username, Pool: pool, Storage: storage });
  // The state the library keeps for a remembered device, set as its sign-in would have set it.
  user.deviceKey = input.deviceKey;
  user.deviceGroupKey = input.deviceGroupKey;
  user.randomPassword = input.devicePassword;
  user.Session = 'session-1';
  nextA = input.a;
  nextTimestamp = input.timestamp;
  lastKey = undefined;
  let failure: Any;
  user.getDeviceResponse({
    onSuccess: () => {
      failure = new Error('oracle: unexpected success');
    },
    onFailure: (err: Any) => {
      if (err?.message !== 'stop here') failure = err;
    },
  });
  if (failure) throw failure;
  if (!srpA || !responses || !lastKey)
    throw new Error('oracle: the device flow did not reach DEVICE_PASSWORD_VERIFIER');
  return { srpA, key: lastKey, responses };
}

/** The library's device verifier (generateHashDevice) with its own random password and salt. */
export function oracleDeviceVerifier(
  deviceGroupKey: string,
  deviceKey: string,
): {
  devicePassword: string;
  saltHex: string;
  verifierHex: string;
} {
  nextA = 1n;
  const helper = new AuthenticationHelper(deviceGroupKey);
  let failure: Any;
  helper.generateHashDevice(deviceGroupKey, deviceKey, (err: Any) => {
    failure = err;
  });
  if (failure) throw failure;
  return {
    devicePassword: helper.getRandomPassword(),
    saltHex: helper.getSaltDevices(),
    verifierHex: helper.getVerifierDevices(),
  };
}

/** The library's k, for the known-answer check of SRP_K. */
export function oracleK(): bigint {
  nextA = 1n;
  const helper = new AuthenticationHelper('pool');
  return BigInt(`0x${helper.k.toString(16)}`);
}

/** The library's own TIMESTAMP for the current (faked) wall clock. */
export function oracleNowString(): string {
  return originalNowString.call(new DateHelper());
}
