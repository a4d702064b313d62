// The documented defaults are the ones that apply: createAuthClient and refreshDecision write them as literals (so
// that a bundle ships no constant), and these tests hold each literal equal to its exported constant.

import { describe, expect, it } from 'vitest';
import {
  createAuthClient,
  DEFAULT_PENDING_TTL_SECONDS,
  DEFAULT_REFRESH_MARGIN_SECONDS,
  refreshDecision,
} from '../src/index.js';
import { nobleHash } from '../src/srp/index.js';
import { manualClock, memoryStore } from './client-helpers.js';
import { NOW, seededRandom } from './machine-helpers.js';

describe('defaults', () => {
  const clock = manualClock(NOW);
  const client = (extra: { pendingTTLSeconds?: number; refreshMarginSeconds?: number } = {}) =>
    createAuthClient({
      userPoolId: 'us-east-1_Pool1',
      clientId: 'client1',
      transport: { send: () => Promise.reject(new Error('not used')) },
      store: memoryStore(clock),
      clock,
      random: seededRandom(),
      hash: nobleHash,
      ...extra,
    });

  it('createAuthClient applies DEFAULT_PENDING_TTL_SECONDS and DEFAULT_REFRESH_MARGIN_SECONDS when none is given', () => {
    expect(client().core.env.pendingTTLSeconds).toBe(DEFAULT_PENDING_TTL_SECONDS);
    expect(client().core.margin).toBe(DEFAULT_REFRESH_MARGIN_SECONDS);
    expect(client({ pendingTTLSeconds: 60, refreshMarginSeconds: 5 }).core).toMatchObject({
      env: { pendingTTLSeconds: 60 },
      margin: 5,
    });
  });

  it('refreshDecision applies DEFAULT_REFRESH_MARGIN_SECONDS when no margin is given', () => {
    const margin = DEFAULT_REFRESH_MARGIN_SECONDS * 1000;
    const tokens = (expiresAt: number) => ({ accessToken: 'a', refreshToken: 'r', expiresAt });
    expect(refreshDecision(tokens(NOW + margin + 1), NOW)).toBe('valid');
    expect(refreshDecision(tokens(NOW + margin), NOW)).toBe('refresh');
    expect(refreshDecision(tokens(NOW + margin + 1), NOW, DEFAULT_REFRESH_MARGIN_SECONDS)).toBe('valid');
  });
});
