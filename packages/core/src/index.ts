// @cogflow/core: the pure part of cogflow. SRP, the challenge state machine, tokens, errors and ports.

export type * from './account/types.js';
export * from './client/index.js';
export * from './errors.js';
export { createInProcessLock } from './in-process-lock.js';
export * from './machine/index.js';
export * from './memory-store.js';
export * from './oauth/index.js';
export type * from './ports.js';
export type * from './protocol/oauth.js';
export * from './protocol/operations.js';
export * from './srp/index.js';
export * from './tokens/index.js';
export * from './transport-policy.js';
export type * from './types.js';
