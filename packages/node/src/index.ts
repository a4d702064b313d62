// @cogflow/node: the Node.js adapter for @cogflow/core (SDK v3 transport, OpenSSL modPow, memory/file/Redis stores).

// Core's capability functions and types (signIn, confirmSignIn, getTokens, signOut, ...), so that a server imports
// everything from its adapter.
export * from '@cogflow/core';
export { createNodeAuth, type NodeAuthConfig } from './create-node-auth.js';
export { type FileStoreOptions, fileStore } from './file-store.js';
export { type MemoryStoreOptions, memoryStore } from './memory-store.js';
export { opensslModPow } from './modpow.js';
export * from './oauth/index.js';
export { nodeRandom } from './random.js';
export type { RedisCommandClient } from './redis-client.js';
export { type RedisLockOptions, redisLock } from './redis-lock.js';
export { type RedisStore, type RedisStoreOptions, redisStore } from './redis-store.js';
export { type SDKTransportOptions, sdkTransport } from './sdk-transport.js';
export { systemClock } from './system-clock.js';
