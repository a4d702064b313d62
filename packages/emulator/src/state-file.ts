// The state file (a JSON snapshot): read and checked at start, written whole through a temp file, fsync, rename
// and an fsync of the directory, and the temp files an interrupted write left behind.
import { randomUUID } from 'node:crypto';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { StateData } from './state.js';
import { EmulatorStateError, fsReason } from './state-error.js';

/** Reads a file; undefined when it does not exist, an {@link EmulatorStateError} when it cannot be read. */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EmulatorStateError(path, `cannot be read: ${fsReason(err)}`, { cause: err });
  }
}

const LISTS = ['pools', 'clients', 'users', 'devices', 'refreshTokens', 'revokedOrigins'] as const;

/** Parses and checks a snapshot; never quotes its text (it holds keys and secrets). */
export function parseSnapshot(path: string, bytes: Buffer): StateData {
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new EmulatorStateError(path, `is not valid JSON (${bytes.length} bytes)`);
  }
  const d = data as Partial<StateData> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d))
    throw new EmulatorStateError(path, 'is not an emulator state file (not a JSON object)');
  if (d.version !== 1)
    throw new EmulatorStateError(path, `has an unsupported state file version (${String(d.version)})`);
  for (const list of LISTS)
    if (!Array.isArray(d[list]))
      throw new EmulatorStateError(path, `is not an emulator state file (no ${list} list)`);
  if (d.journalSeq !== undefined && !(Number.isSafeInteger(d.journalSeq) && d.journalSeq >= 0))
    throw new EmulatorStateError(path, 'is not an emulator state file (bad journalSeq)');
  return d as StateData;
}

/** Makes a rename or a new file's name durable: the directory entry lives in the directory. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Windows cannot open or fsync a directory; its renames are durable through the file system's own journal.
    if (process.platform !== 'win32') throw err;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes the snapshot atomically and owner-only (0600): the file holds signing keys, TOTP secrets, refresh tokens
 * and codes. The temp file is created with that mode, so the renamed file never exists with a wider one, even when
 * it replaces an older 0644 file. Returns the bytes written.
 */
export async function writeSnapshot(path: string, text: string): Promise<number> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  const bytes = Buffer.from(text, 'utf8');
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new EmulatorStateError(path, `could not be written: ${fsReason(err)}`, { cause: err });
  }
  await syncDirectory(dirname(path));
  return bytes.length;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Removes the temp files of snapshot writes that never reached their rename (a kill mid-write): `<state>.<uuid>.tmp`,
 * and `<state>.<pid>.<uuid>.tmp` from earlier versions. Nothing else in the directory is touched.
 */
export async function removeLeftovers(path: string): Promise<string[]> {
  const dir = dirname(path);
  const escaped = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escaped}\\.(?:\\d+\\.)?${UUID}\\.tmp$`);
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    if (!pattern.test(name)) continue;
    await unlink(join(dir, name));
    removed.push(name);
  }
  return removed;
}
