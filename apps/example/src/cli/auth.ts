// Builds the CLI's AuthClient from @cogflow/node's ports, with the transport wrapped so every call is narrated.

import { type AuthClient, createAuthClient } from '@cogflow/core';
import { memoryStore, nodeRandom, opensslModPow, sdkTransport } from '@cogflow/node';
import { type TracingTransport, tracingTransport } from '../tracing-transport.js';
import type { Output } from './output.js';

export interface CliAuthConfig {
  userPoolId: string;
  clientId: string;
  region: string;
  /** A Cognito-compatible endpoint (the emulator); the region's AWS endpoint when absent. */
  endpoint?: string;
}

export function createCliAuth(
  config: CliAuthConfig,
  out: Output,
): { client: AuthClient; transport: TracingTransport } {
  const transport = tracingTransport(
    sdkTransport({ region: config.region, ...(config.endpoint ? { endpoint: config.endpoint } : {}) }),
    out,
  );
  const client = createAuthClient({
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    deviceName: 'cogflow walkthrough (terminal)',
    transport,
    store: memoryStore(),
    random: nodeRandom,
    clock: { now: () => Date.now() },
    modPow: opensslModPow,
  });
  return { client, transport };
}
