// bench/emulator state writes: the cost of one acknowledged change with a state file (AdminCreateUser, answered once
// its journal record is fsync'd) at 100 and at 10,000 users, the journal bytes per change, and beside them the cost
// of writing the whole state file once (what every change cost before the journal). Prints numbers; asserts nothing.

import {
  closeSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@cogflow/emulator';

interface WriteCost {
  users: number;
  medianMs: number;
  journalBytesPerChange: number;
  snapshotBytes: number;
  snapshotMs: number;
}

async function adminCreateUser(endpoint: string, poolId: string, username: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.AdminCreateUser',
    },
    body: JSON.stringify({
      UserPoolId: poolId,
      Username: username,
      TemporaryPassword: 'Temp-Pass-123!',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`AdminCreateUser: ${res.status}`);
  return performance.now() - started;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/**
 * The old cost of every change, measured on the state file stop() left: the whole state serialised and written
 * through a temp file, fsync and rename (as a compaction does now); the median of 5.
 */
function wholeFileWrite(stateFile: string): number {
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as unknown;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const tmp = `${stateFile}.bench.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, stateFile);
    times.push(performance.now() - started);
  }
  return median(times);
}

interface Subject {
  users: number;
  withState: boolean;
  dir: string;
  stateFile: string;
  endpoint: string;
  poolId: string;
  stop(): Promise<void>;
  times: number[];
}

/** One emulator with a pool of `users` users (seeded without passwords: quick to make, the same records otherwise). */
async function subject(users: number, withState: boolean): Promise<Subject> {
  const dir = mkdtempSync(join(tmpdir(), 'cogflow-bench-state-'));
  const stateFile = join(dir, 'state.json');
  const emu = await startEmulator({
    ...(withState ? { stateFile } : {}),
    seed: {
      pools: [
        {
          name: 'bench',
          clients: [{ name: 'web' }],
          users: Array.from({ length: users }, (_, i) => ({
            username: `seeded${i}`,
            attributes: { email: `seeded${i}@example.com` },
          })),
        },
      ],
    },
  });
  const poolId = (emu.pools.bench as { id: string }).id;
  // A few first, so that the measured ones run on a warm server.
  for (let i = 0; i < 10; i++) await adminCreateUser(emu.endpoint, poolId, `warm${i}`);
  return { users, withState, dir, stateFile, endpoint: emu.endpoint, poolId, stop: emu.stop, times: [] };
}

export async function benchStateWrites(writes = 200): Promise<void> {
  console.log(
    `\nstate file: one acknowledged AdminCreateUser (journal record fsync'd before the answer), ${writes} per row`,
  );
  const subjects = [await subject(100, false), await subject(100, true), await subject(10_000, true)];
  try {
    const journalBefore = subjects.map((s) => (s.withState ? statSync(`${s.stateFile}.journal`).size : 0));
    // The three take turns, one request each, so that the machine's noise falls on all of them alike.
    for (let i = 0; i < writes; i++)
      for (const s of subjects) s.times.push(await adminCreateUser(s.endpoint, s.poolId, `new${i}`));
    const rows: WriteCost[] = [];
    for (const [i, s] of subjects.entries()) {
      const journalBytes = s.withState
        ? statSync(`${s.stateFile}.journal`).size - (journalBefore[i] as number)
        : 0;
      await s.stop();
      rows.push({
        users: s.users,
        medianMs: median(s.times),
        journalBytesPerChange: journalBytes / writes,
        snapshotBytes: s.withState ? statSync(s.stateFile).size : 0,
        snapshotMs: s.withState ? wholeFileWrite(s.stateFile) : 0,
      });
    }
    const [anchor, small, large] = rows as [WriteCost, WriteCost, WriteCost];
    console.log(
      `${'no state file (anchor), 100 users'.padEnd(34)} median ${anchor.medianMs.toFixed(2).padStart(7)} ms`,
    );
    for (const row of [small, large])
      console.log(
        `${`state file, ${row.users} users`.padEnd(34)} median ${row.medianMs.toFixed(2).padStart(7)} ms, ` +
          `journal ${row.journalBytesPerChange.toFixed(0)} bytes/change; ` +
          `whole file once: ${(row.snapshotBytes / 1024).toFixed(0)} KB in ${row.snapshotMs.toFixed(1)} ms`,
      );
    console.log(
      `${''.padEnd(34)} ratio 10,000/100: latency ${(large.medianMs / small.medianMs).toFixed(2)}, ` +
        `journal bytes ${(large.journalBytesPerChange / small.journalBytesPerChange).toFixed(2)}; ` +
        `whole-file write ${(large.snapshotMs / small.snapshotMs).toFixed(1)} (time), ` +
        `${(large.snapshotBytes / small.snapshotBytes).toFixed(1)} (bytes)`,
    );
  } finally {
    for (const s of subjects) rmSync(s.dir, { recursive: true, force: true });
  }
}
