// @cogflow/core: the pure part of cogflow. SRP, the challenge state machine, tokens, errors and ports.

export * from './errors.js';
export type * from './ports.js';
export type * from './types.js';
export * from './protocol/operations.js';
