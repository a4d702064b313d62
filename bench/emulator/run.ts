// bench/emulator: the emulator's sign-ins per second. USER_SRP_AUTH at several concurrencies, beside the anchor
// USER_PASSWORD_AUTH (one server modPow, no client SRP) measured in the same run; then the cost of one acknowledged
// write with a state file at 100 and 10,000 users (state-write.ts). Prints numbers; asserts nothing.
//
// The clients run in this process too (a minimal SRP client on @cogflow/core's exports with OpenSSL modPow), so the
// numbers are end to end on one machine, not the server alone.

import { parseArgs } from 'node:util';
import { computeSRPClaim, createSRPEphemeral, formatTimestamp, nobleHash, userPoolName } from '@cogflow/core';
import { startEmulator } from '@cogflow/emulator';
import { nodeRandom, opensslModPow } from '@cogflow/node';
import { benchStateWrites } from './state-write.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    users: { type: 'string', default: '32' },
    // Writes measured per row of the state-file part; 0 skips it.
    'state-writes': { type: 'string', default: '200' },
  },
});
const SECONDS = Number(values.seconds);
const USERS = Number(values.users);
const PASSWORD = 'Bench-Password-1!';

const emu = await startEmulator({
  seed: {
    pools: [
      {
        name: 'bench',
        clients: [{ name: 'web' }],
        users: Array.from({ length: USERS }, (_, i) => ({ username: `u${i}`, password: PASSWORD })),
      },
    ],
  },
});
const pool = emu.pools.bench as { id: string; clients: Record<string, { id: string }> };
const clientId = pool.clients.web?.id as string;
const random = nodeRandom;

async function op(target: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(emu.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${target}: ${String(json.__type)}`);
  return json;
}

async function srpSignIn(username: string): Promise<void> {
  const eph = createSRPEphemeral({ random, modPow: opensslModPow });
  const init = await op('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, SRP_A: eph.srpA },
  });
  const p = init.ChallengeParameters as Record<string, string>;
  const timestamp = formatTimestamp(Date.now());
  const { signature } = await computeSRPClaim({
    poolName: userPoolName(pool.id),
    userId: p.USER_ID_FOR_SRP as string,
    password: PASSWORD,
    a: eph.a,
    A: eph.A,
    salt: p.SALT as string,
    srpB: p.SRP_B as string,
    secretBlock: p.SECRET_BLOCK as string,
    timestamp,
    modPow: opensslModPow,
    hash: nobleHash,
  });
  await op('RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: {
      USERNAME: p.USER_ID_FOR_SRP,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature,
    },
  });
}

async function passwordSignIn(username: string): Promise<void> {
  await op('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD },
  });
}

async function measure(
  label: string,
  concurrency: number,
  signIn: (u: string) => Promise<void>,
): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      let i = w;
      while (performance.now() < deadline) {
        await signIn(`u${i % USERS}`);
        done += 1;
        i += concurrency;
      }
    }),
  );
  const rate = done / ((performance.now() - start) / 1000);
  console.log(
    `${label.padEnd(34)} concurrency ${String(concurrency).padStart(3)}: ${rate.toFixed(1).padStart(8)} sign-ins/s`,
  );
  return rate;
}

try {
  console.log(`emulator bench: ${SECONDS}s per row, ${USERS} users, endpoint ${emu.endpoint}`);
  const anchor = await measure('USER_PASSWORD_AUTH (anchor)', 16, passwordSignIn);
  for (const c of [1, 16, 64]) {
    const rate = await measure('USER_SRP_AUTH', c, srpSignIn);
    console.log(`${''.padEnd(34)} ratio to anchor: ${(rate / anchor).toFixed(2)}`);
  }
} finally {
  await emu.stop();
}
const STATE_WRITES = Number(values['state-writes']);
if (STATE_WRITES > 0) await benchStateWrites(STATE_WRITES);
