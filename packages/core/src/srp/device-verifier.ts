// DeviceSecretVerifierConfig for ConfirmDevice: a random device password and salt, and v = g^x mod N (PROTOCOL.md).

import { InputError } from '../errors.js';
import type { ModPow, Random } from '../ports.js';
import { computeVerifier } from './claim.js';
import { base64FromBytes, bigIntFromBytes, bytesFromHex, padHex } from './codec.js';

export interface DeviceVerifierInput {
  deviceGroupKey: string;
  deviceKey: string;
  random: Random;
  modPow: ModPow;
}

export interface DeviceVerifier {
  /** base64 of 40 random bytes. A secret: store it with the device keys, never log it. */
  devicePassword: string;
  /** The body of ConfirmDevice's DeviceSecretVerifierConfig. */
  verifierConfig: { Salt: string; PasswordVerifier: string };
}

function draw(random: Random, length: number): Uint8Array {
  const bytes = random.bytes(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new InputError(`Random.bytes(${length}) returned the wrong number of bytes`);
  }
  return bytes;
}

export function createDeviceVerifier(input: DeviceVerifierInput): DeviceVerifier {
  if (typeof input.deviceGroupKey !== 'string' || input.deviceGroupKey.length === 0) {
    throw new InputError('a device verifier needs the DeviceGroupKey');
  }
  if (typeof input.deviceKey !== 'string' || input.deviceKey.length === 0) {
    throw new InputError('a device verifier needs the DeviceKey');
  }
  const devicePassword = base64FromBytes(draw(input.random, 40));
  // The salt is an integer: 16 random bytes read big-endian, then padHex'd (15 to 17 bytes on the wire).
  const saltHex = padHex(bigIntFromBytes(draw(input.random, 16)));
  const verifier = computeVerifier({
    salt: saltHex,
    poolName: input.deviceGroupKey,
    userId: input.deviceKey,
    password: devicePassword,
    modPow: input.modPow,
  });
  return {
    devicePassword,
    verifierConfig: {
      Salt: base64FromBytes(bytesFromHex(saltHex)),
      PasswordVerifier: base64FromBytes(bytesFromHex(padHex(verifier))),
    },
  };
}
