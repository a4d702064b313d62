// The state file's journal and recovery: a torn last record, damaged or foreign files, leftover temp files,
// compaction past the limit, and changes made outside requests (the clock).
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type EmulatorOptions,
  type EmulatorSeed,
  EmulatorStateError,
  startEmulator,
} from '../src/index.js';
import { encodeRecord } from '../src/state-journal.js';
import { call, ok } from './wire.js';

const root = mkdtempSync(join(tmpdir(), 'cogflow-recovery-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const running = new Set<Emulator>();
async function start(options: EmulatorOptions): Promise<Emulator> {
  const emu = await startEmulator(options);
  running.add(emu);
  return emu;
}
async function stop(emu: Emulator): Promise<void> {
  running.delete(emu);
  await emu.stop();
}
afterEach(async () => {
  await Promise.allSettled([...running].map((emu) => stop(emu)));
});

const POOL = 'us-east-1_Recover01';
const seed: EmulatorSeed = {
  pools: [{ name: 'p', id: POOL, clients: [{ name: 'web', id: 'recoverclient000000000000' }] }],
};

let dirs = 0;
function freshDir(): string {
  dirs += 1;
  const dir = join(root, `case-${dirs}`);
  mkdirSync(dir);
  return dir;
}

async function createUser(emu: Emulator, username: string): Promise<void> {
  await ok(emu.endpoint, 'AdminCreateUser', {
    UserPoolId: POOL,
    Username: username,
    TemporaryPassword: 'Temp-Pass-123!',
    MessageAction: 'SUPPRESS',
  });
}

async function userExists(emu: Emulator, username: string): Promise<boolean> {
  const r = await call(emu.endpoint, 'AdminGetUser', { UserPoolId: POOL, Username: username });
  if (r.status === 200) return true;
  expect(r.body.__type).toBe('UserNotFoundException');
  return false;
}

/**
 * What a SIGKILL leaves: the state file and journal as they are while the emulator runs (every acknowledged change
 * on disk), copied to another directory where a second emulator can start from them.
 */
function copyAsKilled(from: string, to: string): string {
  for (const name of ['state.json', 'state.json.journal']) copyFileSync(join(from, name), join(to, name));
  return join(to, 'state.json');
}

/** Every file of a directory with its bytes. */
function snapshotOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => {
        const path = join(dir, name);
        return [name, statSync(path).isDirectory() ? 'a directory' : readFileSync(path).toString('base64')];
      }),
  );
}

describe('the journal', () => {
  it('holds each acknowledged change before the answer, owner-only, and a restart from it loses nothing', async () => {
    const live = freshDir();
    const emu = await start({ seed, stateFile: join(live, 'state.json') });
    await createUser(emu, 'ada');
    await createUser(emu, 'bob');
    const journal = join(live, 'state.json.journal');
    expect(statSync(journal).mode & 0o777).toBe(0o600);
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    // One record per acknowledged request here (they ran one after the other), each naming its user only.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('"ada"');
    expect(lines[0]).not.toContain('"bob"');
    expect(lines[0]).not.toContain('Temp-Pass-123!');
    const state = copyAsKilled(live, freshDir());
    const again = await start({ stateFile: state });
    expect(await userExists(again, 'ada')).toBe(true);
    expect(await userExists(again, 'bob')).toBe(true);
  });

  it('reads a journal whose last record was cut short up to its last complete record', async () => {
    const live = freshDir();
    const emu = await start({ seed, stateFile: join(live, 'state.json') });
    await createUser(emu, 'carol');
    const dir = freshDir();
    const state = copyAsKilled(live, dir);
    const journal = `${state}.journal`;
    const complete = readFileSync(journal);
    const seq = complete.toString('utf8').trimEnd().split('\n').length + 1;
    // The next record, as a kill in the middle of its write leaves it: a prefix, no newline.
    const next = encodeRecord({
      seq,
      ops: [['put', 'users', `${POOL}\u0000dave`, { poolId: POOL, username: 'dave' }]],
    });
    writeFileSync(journal, Buffer.concat([complete, next.subarray(0, Math.floor(next.length / 2))]));
    const again = await start({ stateFile: state });
    expect(await userExists(again, 'carol')).toBe(true);
    expect(await userExists(again, 'dave')).toBe(false);
    // The torn tail is gone, and what comes after it is read back in turn.
    await createUser(again, 'erin');
    expect(readFileSync(journal).includes(next.subarray(0, 20))).toBe(false);
    const third = await start({ stateFile: copyAsKilled(dir, freshDir()) });
    expect(await userExists(third, 'carol')).toBe(true);
    expect(await userExists(third, 'erin')).toBe(true);
  });

  it('refuses a journal damaged in the middle, names it and the reason, and leaves both files byte for byte', async () => {
    const live = freshDir();
    const emu = await start({ seed, stateFile: join(live, 'state.json') });
    await createUser(emu, 'fay');
    await createUser(emu, 'gus');
    const dir = freshDir();
    const state = copyAsKilled(live, dir);
    const journal = `${state}.journal`;
    const bytes = readFileSync(journal);
    const at = bytes.indexOf('"fay"');
    bytes[at + 1] = 'x'.charCodeAt(0); // "fay" -> "xay": the record no longer matches its checksum
    writeFileSync(journal, bytes);
    const before = snapshotOf(dir);
    const err = await startEmulator({ stateFile: state }).then(
      (started) => {
        running.add(started);
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmulatorStateError);
    expect((err as EmulatorStateError).path).toBe(journal);
    expect((err as Error).message).toContain(journal);
    expect((err as Error).message).toContain('record 1');
    expect((err as Error).message).toContain('checksum');
    expect(snapshotOf(dir)).toEqual(before);
  });

  it('refuses a state file that is not JSON, not its format, or not a file, with the path and the reason, and changes nothing', async () => {
    const cases: [string, (state: string) => void, string][] = [
      ['not JSON', (s) => writeFileSync(s, '{"version":1,"pools":[', { mode: 0o600 }), 'not valid JSON'],
      ['another version', (s) => writeFileSync(s, '{"version":7}', { mode: 0o600 }), 'version (7)'],
      [
        'not a state file',
        (s) => writeFileSync(s, '{"version":1,"users":{}}', { mode: 0o600 }),
        'no pools list',
      ],
      ['a directory', (s) => mkdirSync(s), 'EISDIR'],
    ];
    for (const [label, make, reason] of cases) {
      const dir = freshDir();
      const state = join(dir, 'state.json');
      make(state);
      // A journal beside it, and a leftover temp file: neither is touched when the state file is refused.
      writeFileSync(`${state}.journal`, '', { mode: 0o600 });
      writeFileSync(join(dir, 'state.json.0b7c3a1e-2f4d-4c5b-9a8e-1d2c3b4a5f60.tmp'), 'half', {
        mode: 0o600,
      });
      const before = snapshotOf(dir);
      const err = await startEmulator({ stateFile: state, seed }).then(
        (started) => {
          running.add(started);
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(err, label).toBeInstanceOf(EmulatorStateError);
      expect((err as Error).message, label).toContain(state);
      expect((err as Error).message, label).toContain(reason);
      expect(snapshotOf(dir), label).toEqual(before);
    }
  });

  it('refuses a journal that does not follow its state file (the state file was replaced without it)', async () => {
    const live = freshDir();
    const emu = await start({ seed, stateFile: join(live, 'state.json') });
    await createUser(emu, 'hal');
    const dir = freshDir();
    const state = copyAsKilled(live, dir);
    rmSync(state);
    const before = snapshotOf(dir);
    const err = await startEmulator({ stateFile: state }).then(
      (started) => {
        running.add(started);
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmulatorStateError);
    expect((err as Error).message).toContain(`${state}.journal`);
    expect((err as Error).message).toContain('state file');
    expect(snapshotOf(dir)).toEqual(before);
  });

  it('removes the temp files of an interrupted snapshot write at start, and nothing else', async () => {
    const dir = freshDir();
    const state = join(dir, 'state.json');
    const leftovers = [
      'state.json.0b7c3a1e-2f4d-4c5b-9a8e-1d2c3b4a5f60.tmp',
      'state.json.4242.9d8c7b6a-5f4e-4d3c-8b2a-190817263544.tmp', // the name earlier versions used
    ];
    const kept = [
      'state.json.notes.tmp',
      'other.json.0b7c3a1e-2f4d-4c5b-9a8e-1d2c3b4a5f60.tmp',
      'readme.txt',
    ];
    for (const name of [...leftovers, ...kept]) writeFileSync(join(dir, name), '{"half":', { mode: 0o600 });
    const emu = await start({ seed, stateFile: state });
    expect(readdirSync(dir).sort()).toEqual([...kept, 'state.json', 'state.json.journal'].sort());
    await stop(emu);
    expect(readdirSync(dir).sort()).toEqual([...kept, 'state.json'].sort());
  });

  it('folds the journal into the state file once it passes the limit; a restart still has every change', async () => {
    const live = freshDir();
    const emu = await start({ seed, stateFile: join(live, 'state.json'), journalCompactBytes: 4_000 });
    const journal = join(live, 'state.json.journal');
    const sizes: number[] = [];
    for (let i = 0; i < 12; i++) {
      await createUser(emu, `user${i}`);
      sizes.push(statSync(journal).size);
    }
    // It grew, was folded (back to empty or one record), and grew again.
    expect(sizes.some((s, i) => i > 0 && s < (sizes[i - 1] as number))).toBe(true);
    expect(Math.max(...sizes)).toBeLessThan(4_000 + 2_000);
    const saved = JSON.parse(readFileSync(join(live, 'state.json'), 'utf8')) as { users: unknown[] };
    expect(saved.users.length).toBeGreaterThan(0);
    const again = await start({ stateFile: copyAsKilled(live, freshDir()) });
    for (let i = 0; i < 12; i++) expect(await userExists(again, `user${i}`)).toBe(true);
  });

  it('journals the clock moved by the control API and the codes delivered, before they are answered', async () => {
    const live = freshDir();
    const emu = await start({ seed, stateFile: join(live, 'state.json') });
    const before = await emu.control.now();
    await emu.control.advanceClock(86_400_000);
    await ok(emu.endpoint, 'SignUp', {
      ClientId: 'recoverclient000000000000',
      Username: 'ivy',
      Password: 'Correct-Horse-9!',
      UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }],
    });
    const code = await emu.control.lastCode({ username: 'ivy' });
    expect(code).toMatch(/^\d{6}$/);
    const again = await start({ stateFile: copyAsKilled(live, freshDir()) });
    expect(await again.control.now()).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(await again.control.lastCode({ username: 'ivy' })).toBe(code);
    await ok(again.endpoint, 'ConfirmSignUp', {
      ClientId: 'recoverclient000000000000',
      Username: 'ivy',
      ConfirmationCode: code,
    });
  });

  it('a clean stop leaves the state file alone, with no journal beside it', async () => {
    const dir = freshDir();
    const emu = await start({ seed, stateFile: join(dir, 'state.json') });
    await createUser(emu, 'jo');
    await stop(emu);
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(existsSync(join(dir, 'state.json.journal'))).toBe(false);
    const again = await start({ stateFile: join(dir, 'state.json') });
    expect(await userExists(again, 'jo')).toBe(true);
  });
});
