// @cogflow/test-kit: conformance suites for cogflow's ports, runnable in vitest (./vitest) or in a browser page.

export { AssertionError, assertEqual, assertErrorCode, assertRejects, assertTrue, fail } from './assert.js';
export { type ConformanceCase, type MaybePromise, sleep } from './case.js';
export { type LockConformanceOptions, type LockFixture, lockConformance } from './lock-conformance.js';
export { type StoreConformanceOptions, type StoreFixture, storeConformance } from './store-conformance.js';
export {
  type FaultControl,
  type TransportConformanceEnv,
  type TransportFactoryOptions,
  transportConformance,
} from './transport-conformance.js';
