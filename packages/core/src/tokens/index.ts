// Tokens: JWT claims without verification, token sets, expiry with a margin, the refresh decision and request.

export { bytesFromBase64URL, utf8FromBytes } from '../srp/codec.js';
export { decodeJWTClaims, type JWTClaims } from './jwt.js';
export { type RefreshRequest, type RefreshRequestOptions, refreshRequest } from './refresh.js';
export {
  DEFAULT_REFRESH_MARGIN_SECONDS,
  type RefreshDecision,
  refreshDecision,
  type TokenUser,
  tokenSetFromResult,
  tokenUser,
} from './token-set.js';
