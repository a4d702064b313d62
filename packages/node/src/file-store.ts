// A Store (packages/core/src/ports.ts) in one JSON file: atomic replace (temp file + rename), mode 0600, and a lock
// file so that processes sharing the file serialize their read-merge-write cycles. A corrupt file is reported as
// STORE_CORRUPT and never overwritten.

import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { type Clock, type Store, StoreError, type StoreSetOptions } from '@cogflow/core';
import { systemClock } from './system-clock.js';

export interface FileStoreOptions {
  /** The JSON file. Its directory is created (mode 0700) when missing. */
  path: string;
  /** A lock file older than this is taken to belong to a crashed writer (default 10 000 ms). */
  staleLockMs?: number;
  /** How long a write waits for the lock before failing with STORE_UNAVAILABLE (default 10 000 ms). */
  lockWaitMs?: number;
  /** The clock that decides expiry (default Date.now). */
  clock?: Clock;
}

interface Entry {
  value: string;
  /** ms since the epoch. */
  expiresAt?: number;
}

interface Document {
  v: 1;
  entries: Record<string, Entry>;
}

type Mutation = (entries: Record<string, Entry>) => void;

interface Queued {
  mutate: Mutation;
  resolve(): void;
  reject(error: unknown): void;
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.value === 'string' && (entry.expiresAt === undefined || typeof entry.expiresAt === 'number')
  );
}

function parseDocument(text: string, path: string): Document {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // No `cause`: V8's SyntaxError quotes the file's text, which may hold tokens. Only the position is kept.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new StoreError(
      'STORE_CORRUPT',
      `fileStore: ${path} is not valid JSON${at === undefined ? '' : ` (at position ${at})`}; it was left untouched`,
    );
  }
  const doc = parsed as Partial<Document> | null;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    doc.v !== 1 ||
    typeof doc.entries !== 'object' ||
    doc.entries === null
  ) {
    throw new StoreError(
      'STORE_CORRUPT',
      `fileStore: ${path} is not a cogflow store document; it was left untouched`,
    );
  }
  for (const entry of Object.values(doc.entries)) {
    if (!isEntry(entry)) {
      throw new StoreError(
        'STORE_CORRUPT',
        `fileStore: ${path} holds a malformed entry; it was left untouched`,
      );
    }
  }
  return doc as Document;
}

function unavailable(action: string, path: string, error: unknown): StoreError {
  const code = (error as { code?: string }).code ?? 'error';
  return new StoreError('STORE_UNAVAILABLE', `fileStore: cannot ${action} ${path} (${code})`, {
    cause: error,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ESRCH';
  }
}

export function fileStore(options: FileStoreOptions): Store {
  const path = options.path;
  const lockPath = `${path}.lock`;
  const staleLockMs = options.staleLockMs ?? 10_000;
  const lockWaitMs = options.lockWaitMs ?? 10_000;
  const clock = options.clock ?? systemClock;
  const host = hostname();

  // The last document read, kept while the file's identity (inode, size, mtime) is unchanged.
  let cache: { ino: number; size: number; mtimeMs: number; doc: Document } | undefined;
  let queue: Queued[] = [];
  let flushing = false;

  async function readDocument(): Promise<Document | undefined> {
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(path);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw unavailable('read', path, error);
    }
    if (cache && cache.ino === stat.ino && cache.size === stat.size && cache.mtimeMs === stat.mtimeMs)
      return cache.doc;
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw unavailable('read', path, error);
    }
    const doc = parseDocument(text, path);
    cache = { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, doc };
    return doc;
  }

  async function breakIfStale(): Promise<void> {
    let text: string;
    let mtimeMs: number;
    try {
      text = await fs.readFile(lockPath, 'utf8');
      mtimeMs = (await fs.stat(lockPath)).mtimeMs;
    } catch {
      return; // gone already: the next attempt creates it
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(text);
    } catch {
      // A lock file cut short by a crash while being written: only its age can tell.
    }
    const crashed = holder.host === host && typeof holder.pid === 'number' && processIsGone(holder.pid);
    if (!crashed && Date.now() - mtimeMs < staleLockMs) return;
    // Move it aside, then make sure what we moved is the stale lock we judged and not a fresh one that replaced it.
    const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
    try {
      await fs.rename(lockPath, aside);
    } catch {
      return;
    }
    const moved = await fs.readFile(aside, 'utf8').catch(() => undefined);
    if (moved !== text) await fs.link(aside, lockPath).catch(() => undefined);
    await fs.unlink(aside).catch(() => undefined);
  }

  async function acquireFileLock(): Promise<string> {
    const token = randomBytes(12).toString('hex');
    const body = JSON.stringify({ pid: process.pid, host, token, at: Date.now() });
    const deadline = Date.now() + lockWaitMs;
    let delay = 2;
    for (;;) {
      try {
        const handle = await fs.open(
          lockPath,
          constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
          0o600,
        );
        try {
          await handle.writeFile(body);
        } finally {
          await handle.close();
        }
        return token;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ENOENT') {
          await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch(() => undefined);
          continue;
        }
        if (code !== 'EEXIST') throw unavailable('lock', path, error);
      }
      await breakIfStale();
      if (Date.now() >= deadline) {
        throw new StoreError(
          'STORE_UNAVAILABLE',
          `fileStore: ${lockPath} stayed locked for ${lockWaitMs} ms`,
        );
      }
      await sleep(delay + Math.floor(Math.random() * delay));
      delay = Math.min(delay * 2, 50);
    }
  }

  async function releaseFileLock(token: string): Promise<void> {
    // Remove the lock only while it is still ours: after a stale-break it may belong to another writer.
    const text = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (text === undefined) return;
    try {
      if ((JSON.parse(text) as { token?: string }).token !== token) return;
    } catch {
      return;
    }
    await fs.unlink(lockPath).catch(() => undefined);
  }

  /** Writes `doc` and keeps it as the cache, under the identity of the file written. */
  async function writeDocument(doc: Document): Promise<void> {
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await fs.open(temp, 'w', 0o600);
      let written: Awaited<ReturnType<typeof handle.stat>>;
      try {
        await handle.writeFile(JSON.stringify(doc));
        await handle.sync();
        // The identity of this very file (fstat, not a stat of the path, which another process may have replaced
        // by the time we looked): a rename keeps inode, size and mtime, so the next read finds it unchanged unless
        // someone has written since, and then reads theirs, as after any other process's write.
        written = await handle.stat();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, path);
      cache = { ino: written.ino, size: written.size, mtimeMs: written.mtimeMs, doc };
    } catch (error) {
      await fs.unlink(temp).catch(() => undefined);
      throw unavailable('write', path, error);
    }
  }

  /** One lock cycle applies every mutation queued meanwhile: concurrent writers in this process share it. */
  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        try {
          const token = await acquireFileLock();
          try {
            cache = undefined; // another process may have written since: read it afresh under the lock
            const current = await readDocument();
            // A prototype-free record: a key named `__proto__` is an ordinary key here.
            const entries: Record<string, Entry> = Object.assign(Object.create(null), current?.entries);
            const now = clock.now();
            for (const [key, entry] of Object.entries(entries)) {
              if (entry.expiresAt !== undefined && entry.expiresAt <= now) delete entries[key];
            }
            for (const item of batch) item.mutate(entries);
            await writeDocument({ v: 1, entries });
          } finally {
            await releaseFileLock(token);
          }
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      flushing = false;
    }
  }

  function enqueue(mutate: Mutation): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      queue.push({ mutate, resolve, reject });
      if (!flushing) void flush();
    });
  }

  return {
    async get(key: string): Promise<string | undefined> {
      const doc = await readDocument();
      const entry = doc && Object.hasOwn(doc.entries, key) ? doc.entries[key] : undefined;
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= clock.now()) return undefined;
      return entry.value;
    },
    set(key: string, value: string, setOptions?: StoreSetOptions): Promise<void> {
      const ttl = setOptions?.ttlSeconds;
      const expiresAt = ttl === undefined ? undefined : clock.now() + ttl * 1000;
      return enqueue((entries) => {
        entries[key] = expiresAt === undefined ? { value } : { value, expiresAt };
      });
    },
    delete(key: string): Promise<void> {
      return enqueue((entries) => {
        delete entries[key];
      });
    },
  };
}
