// Builds the CLI's AuthClient with @cogflow/node's createNodeAuth, its SDK transport wrapped so every call is narrated.

import type { AuthClient } from '@cogflow/core';
import { createNodeAuth, sdkTransport } from '@cogflow/node';
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
  // The same transport createNodeAuth would build, only observed: nothing about it changes for the client.
  const transport = tracingTransport(
    sdkTransport({ region: config.region, ...(config.endpoint ? { endpoint: config.endpoint } : {}) }),
    out,
  );
  const client = createNodeAuth({
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    region: config.region,
    deviceName: 'cogflow walkthrough (terminal)',
    transport,
  });
  return { client, transport };
}
