// DeviceSecretVerifierConfig for ConfirmDevice: a random device password and salt, and v = g^x mod N (PROTOCOL.md).

import { InputError } from '../errors.js';
import type { ModPow, Random } from '../ports.js';
import { computeVerifier } from './claim.js';
import { base64FromBytes, bigIntFromBytes, bytesFromHex, padHex } from './codec.js';
import { draw } from './ephemeral.js';

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

export function createDeviceVerifier(input: DeviceVerifierInput): DeviceVerifier {
  if (
    !input.deviceGroupKey ||
    !input.deviceKey ||
    typeof (input.deviceGroupKey + input.deviceKey) !== 'string'
  ) {
    throw new InputError('Device keys missing');
  }
  const devicePassword = base64FromBytes(draw(input.random, 40));
  // The salt is an integer: 16 random bytes read big-endian, then padHex'd (15 to 17 bytes on the wire).
  const salt = bigIntFromBytes(draw(input.random, 16));
  const verifier = computeVerifier({
    salt,
    poolName: input.deviceGroupKey,
    userId: input.deviceKey,
    password: devicePassword,
    modPow: input.modPow,
  });
  const base64 = (n: bigint): string => base64FromBytes(bytesFromHex(padHex(n)));
  return { devicePassword, verifierConfig: { Salt: base64(salt), PasswordVerifier: base64(verifier) } };
}
