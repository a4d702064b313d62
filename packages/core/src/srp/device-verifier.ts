// DeviceSecretVerifierConfig for ConfirmDevice: a random device password and salt, and v = g^x mod N (PROTOCOL.md).

import { InputError } from '../errors.js';
import type { Hash, ModPow, Random } from '../ports.js';
import { xOf } from './claim.js';
import { base64FromBytes, bigIntFromBytes, padBytes } from './codec.js';
import { draw } from './ephemeral.js';
import { SRP_G, SRP_N } from './group.js';
import { modPow } from './mod-pow.js';

export interface DeviceVerifierInput {
  deviceGroupKey: string;
  deviceKey: string;
  random: Random;
  /** Default core's pure-BigInt modPow. */
  modPow?: ModPow | undefined;
  hash: Hash;
}

export interface DeviceVerifier {
  /** base64 of 40 random bytes. A secret: store it with the device keys, never log it. */
  devicePassword: string;
  /** The body of ConfirmDevice's DeviceSecretVerifierConfig. */
  verifierConfig: { Salt: string; PasswordVerifier: string };
}

export async function createDeviceVerifier(input: DeviceVerifierInput): Promise<DeviceVerifier> {
  const { deviceGroupKey, deviceKey } = input;
  if (typeof deviceGroupKey !== 'string' || typeof deviceKey !== 'string' || !deviceGroupKey || !deviceKey) {
    throw new InputError('deviceGroupKey and deviceKey must be non-empty strings (from NewDeviceMetadata)');
  }
  return deviceVerifier(input);
}

/** createDeviceVerifier for keys already checked (the machine checks NewDeviceMetadata as it reads it). */
export async function deviceVerifier(input: DeviceVerifierInput): Promise<DeviceVerifier> {
  const devicePassword = base64FromBytes(draw(input.random, 40));
  // The salt is an integer: 16 random bytes read big-endian, then padHex'd (15 to 17 bytes on the wire).
  const salt = bigIntFromBytes(draw(input.random, 16));
  const x = await xOf({
    salt,
    poolName: input.deviceGroupKey,
    userId: input.deviceKey,
    password: devicePassword,
    hash: input.hash,
  });
  const base64 = (n: bigint): string => base64FromBytes(padBytes(n));
  return {
    devicePassword,
    verifierConfig: {
      Salt: base64(salt),
      PasswordVerifier: base64((input.modPow ?? modPow)(SRP_G, x, SRP_N)),
    },
  };
}
