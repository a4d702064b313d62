// Regenerates srp-vectors.json from amazon-cognito-identity-js 6.3 alone (its own jsbn arithmetic, no cogflow code):
//   cd packages/core && node --import tsx test/vectors/generate.ts
// Inputs are fixed (derived from labels with SHA-256), so a rerun reproduces the file except the device verifiers,
// whose password and salt the library draws itself.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  oracleDeviceFlow,
  oracleDeviceVerifier,
  oracleK,
  oracleUserFlow,
  setOracleModPow,
} from './oracle.js';

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);

/** `length` deterministic bytes for a label. */
function bytes(label: string, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++)
    out.push(createHash('sha256').update(`${label}/${i}`).digest());
  return Buffer.concat(out).subarray(0, length);
}
const hexOf = (label: string, length: number): string => bytes(label, length).toString('hex');

interface Shape {
  label: string;
  /** a's leading zero bytes (of 128), or -1 to force the top bit. */
  aZeros: number;
  saltHex: string;
  srpB: string;
  secretBlockBytes: number;
  timestamp: string;
}

const shapes: Shape[] = [
  {
    label: 'plain',
    aZeros: 0,
    saltHex: hexOf('salt-plain', 16),
    srpB: (BigInt(`0x${hexOf('B-plain', 384)}`) % N).toString(16),
    secretBlockBytes: 1024,
    timestamp: 'Tue Sep 7 08:00:00 UTC 2021',
  },
  {
    label: 'high-bits',
    aZeros: -1,
    saltHex: `9${hexOf('salt-high', 16).slice(1)}`,
    srpB: `f${(BigInt(`0x${hexOf('B-high', 384)}`) % (N >> 4n)).toString(16).padStart(767, '0')}`.slice(
      0,
      768,
    ),
    secretBlockBytes: 700,
    timestamp: 'Sun Dec 31 23:59:59 UTC 2023',
  },
  {
    label: 'leading-zeros',
    aZeros: 100,
    saltHex: `0000${hexOf('salt-zeros', 14)}`,
    srpB: `00${hexOf('B-zeros', 40)}`,
    secretBlockBytes: 1,
    timestamp: 'Mon Jan 1 00:00:00 UTC 2024',
  },
  {
    label: 'odd-hex',
    aZeros: 64,
    saltHex: `a${hexOf('salt-odd', 15)}`,
    srpB: `${hexOf('B-odd', 200).slice(1)}`,
    secretBlockBytes: 2,
    timestamp: 'Thu Feb 29 12:05:09 UTC 2024',
  },
];

function aFor(shape: Shape): bigint {
  const a = bytes(`a-${shape.label}`, 128);
  if (shape.aZeros < 0) a[0] = a[0]! | 0x80;
  else a.fill(0, 0, shape.aZeros);
  return BigInt(`0x${a.toString('hex')}`);
}

setOracleModPow(false);

const users = [
  {
    poolId: 'us-east-1_AbCdEf123',
    username: 'alice@example.com',
    userId: '3f2a8c1e-1b2c-4d5e-8f90-123456789abc',
    password: 'Correct horse battery staple 1!',
  },
  { poolId: 'eu-west-2_Z9', username: 'bob', userId: 'bob', password: 'pässwörd-日本語-🔑' },
  { poolId: 'ap-southeast-2_q', username: 'long', userId: `user-${'x'.repeat(300)}`, password: 'p' },
  {
    poolId: 'us-west-2_LongPoolName0123456789',
    username: '名前',
    userId: '名前-ユーザー',
    password: ' leading and trailing spaces ',
  },
];

const userVectors = shapes.map((shape, i) => {
  const user = users[i % users.length]!;
  const a = aFor(shape);
  const challenge = {
    salt: shape.saltHex,
    srpB: shape.srpB,
    secretBlock: bytes(`block-${shape.label}`, shape.secretBlockBytes).toString('base64'),
  };
  const result = oracleUserFlow({
    userPoolId: user.poolId,
    username: user.username,
    userIdForSRP: user.userId,
    password: user.password,
    a,
    timestamp: shape.timestamp,
    challenge,
  });
  return {
    flow: 'user',
    label: shape.label,
    poolId: user.poolId,
    userIdForSRP: user.userId,
    password: user.password,
    a: a.toString(16),
    ...challenge,
    timestamp: shape.timestamp,
    expected: {
      srpA: result.srpA,
      key: Buffer.from(result.key).toString('hex'),
      signature: result.responses.PASSWORD_CLAIM_SIGNATURE,
    },
  };
});

const devices = [
  { deviceGroupKey: '-7c3bZ1xQp', deviceKey: 'us-east-1_0c1e9a52-4f7b-4d2e-9b1a-6c5d4e3f2a10' },
  { deviceGroupKey: '-AAAAAAAAA', deviceKey: 'eu-west-2_ffffffff-ffff-4fff-bfff-ffffffffffff' },
];
const deviceVectors = shapes.map((shape, i) => {
  const device = devices[i % devices.length]!;
  const a = aFor({ ...shape, label: `device-${shape.label}` });
  const devicePassword = bytes(`device-password-${shape.label}`, 40).toString('base64');
  const challenge = {
    salt: shape.saltHex,
    srpB: shape.srpB,
    secretBlock: bytes(`device-block-${shape.label}`, shape.secretBlockBytes).toString('base64'),
  };
  const result = oracleDeviceFlow({
    userPoolId: 'us-east-1_AbCdEf123',
    username: 'user-1',
    ...device,
    devicePassword,
    a,
    timestamp: shape.timestamp,
    challenge,
  });
  return {
    flow: 'device',
    label: shape.label,
    ...device,
    devicePassword,
    a: a.toString(16),
    ...challenge,
    timestamp: shape.timestamp,
    expected: {
      srpA: result.srpA,
      key: Buffer.from(result.key).toString('hex'),
      signature: result.responses.PASSWORD_CLAIM_SIGNATURE,
    },
  };
});

const verifierVectors = devices.map((device) => {
  const drawn = oracleDeviceVerifier(device.deviceGroupKey, device.deviceKey);
  return {
    ...device,
    devicePassword: drawn.devicePassword,
    saltHex: drawn.saltHex,
    expected: {
      Salt: Buffer.from(drawn.saltHex, 'hex').toString('base64'),
      PasswordVerifier: Buffer.from(drawn.verifierHex, 'hex').toString('base64'),
    },
  };
});

const file = {
  source:
    'Generated once by amazon-cognito-identity-js 6.3.21 (AuthenticationHelper and CognitoUser, jsbn arithmetic, ' +
    'driven against a fake service by test/vectors/oracle.ts). Regenerate: cd packages/core && node --import tsx ' +
    'test/vectors/generate.ts',
  k: oracleK().toString(16),
  claims: [...userVectors, ...deviceVectors],
  deviceVerifiers: verifierVectors,
};
writeFileSync(new URL('./srp-vectors.json', import.meta.url), `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${file.claims.length} claims and ${verifierVectors.length} device verifiers`);
