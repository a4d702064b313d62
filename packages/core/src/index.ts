// @cogflow/core: the pure part of cogflow. SRP, the challenge state machine, tokens, errors and ports.

export * from './client/index.js';
export * from './errors.js';
export { createInProcessLock } from './in-process-lock.js';
export * from './machine/index.js';
export * from './memory-store.js';
export type * from './ports.js';
export * from './protocol/operations.js';
export * from './srp/index.js';
export * from './tokens/index.js';
export * from './transport-policy.js';
export type * from './types.js';
