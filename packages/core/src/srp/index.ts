// Cognito's SRP-6a for users and devices, SECRET_HASH and TIMESTAMP: pure functions over injected Random and ModPow.

export type { ComputeSInput, ComputeXInput, SignSRPClaimInput, SRPClaim, SRPClaimInput } from './claim.js';
export {
  computeS,
  computeSRPClaim,
  computeU,
  computeVerifier,
  computeX,
  deriveSRPKey,
  signSRPClaim,
} from './claim.js';
export {
  base64FromBytes,
  base64URLFromBytes,
  bigIntFromBytes,
  bigIntFromHex,
  bytesFromBase64,
  bytesFromHex,
  hexFromBigInt,
  hexFromBytes,
  padHex,
  utf8Bytes,
} from './codec.js';
export type { DeviceVerifier, DeviceVerifierInput } from './device-verifier.js';
export { createDeviceVerifier } from './device-verifier.js';
export type { SRPEphemeral } from './ephemeral.js';
export { createSRPEphemeral } from './ephemeral.js';
export { SRP_G, SRP_K, SRP_N } from './group.js';
export { modPowBigInt } from './mod-pow.js';
export { userPoolName, userPoolRegion } from './pool-name.js';
export type { SecretHashInput } from './secret-hash.js';
export { computeSecretHash } from './secret-hash.js';
export type { SRPServerEphemeral } from './server.js';
export { computeServerS, createSRPServerEphemeral } from './server.js';
export { nobleHash } from './sha256.js';
export { formatTimestamp } from './timestamp.js';
