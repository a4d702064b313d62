// The durable state: a JSON snapshot plus an append-only journal beside it (`<state>.journal`). Each batch of
// changes is appended as one record and fsync'd before the requests it holds are answered; the journal is folded
// into the snapshot (temp file, fsync, rename, fsync of the directory, then truncation) at start, when it grows
// past a limit, and at stop.
import type { FileHandle } from 'node:fs/promises';
import { open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Store } from './state.js';
import { EmulatorStateError, fsReason } from './state-error.js';
import { parseSnapshot, readIfExists, removeLeftovers, syncDirectory, writeSnapshot } from './state-file.js';
import { encodeRecord, parseJournal } from './state-journal.js';
import { applyOp, type JournalOp, opFor } from './state-replay.js';

export interface PersistenceOptions {
  /** Journal size past which it is folded into the snapshot; default the larger of 4 MiB and the snapshot's size. */
  compactBytes?: number;
}

export interface RecoveryReport {
  /** Journal records replayed on top of the snapshot. */
  replayed: number;
  /** Bytes of an unfinished last journal record that were dropped (never acknowledged). */
  tornBytes: number;
  /** Temp files of interrupted snapshot writes that were removed. */
  leftovers: string[];
}

const noop = (): void => undefined;
const MIN_COMPACT_BYTES = 4 * 1024 * 1024;

export class Persistence {
  readonly journalPath: string;
  private seq = 0;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private journal: FileHandle | undefined;
  /** The serial chain of journal writes and compactions (never rejects; each task's own promise does). */
  private chain: Promise<void> = Promise.resolve();
  /** The task last put on the chain: a request with nothing left to write waits for it. */
  private lastTask: Promise<void> = Promise.resolve();
  /** A write queued but not started: it takes every change made until it starts. */
  private queued: Promise<void> | undefined;
  private flushScheduled = false;
  private broken: EmulatorStateError | undefined;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly store: Store,
    private readonly options: PersistenceOptions,
  ) {
    this.journalPath = `${path}.journal`;
  }

  /**
   * Loads the snapshot and replays the journal into `store`, then removes leftover temp files and opens the journal
   * for appending. Throws an {@link EmulatorStateError} (and changes no file) when either cannot be read.
   */
  static async open(
    path: string,
    store: Store,
    options: PersistenceOptions = {},
  ): Promise<{ persistence: Persistence; recovery: RecoveryReport }> {
    const p = new Persistence(path, store, options);
    try {
      return await p.load(store);
    } catch (err) {
      if (!(err instanceof EmulatorStateError)) throw err;
      throw new EmulatorStateError(
        err.path,
        `${err.reason} (the emulator did not start; the file was left as it is)`,
        {
          cause: err,
        },
      );
    }
  }

  private async load(store: Store): Promise<{ persistence: Persistence; recovery: RecoveryReport }> {
    const path = this.path;
    const snapshot = await readIfExists(path);
    const data = snapshot ? parseSnapshot(path, snapshot) : undefined;
    const journalBytes = await readIfExists(this.journalPath);
    const journal = journalBytes ? parseJournal(this.journalPath, journalBytes) : undefined;
    const base = data?.journalSeq ?? 0;
    // Records at or below the snapshot's are already in it: a compaction was cut short before the truncation.
    const fresh = journal?.records.filter((r) => r.seq > base) ?? [];
    const first = fresh[0];
    // A snapshot takes a sequence number of its own, so a journal always follows one; alone it is half a state.
    if (first && !data)
      throw new EmulatorStateError(
        this.journalPath,
        `has changes but its state file ${path} is missing (was it removed without its journal?)`,
      );
    if (first && first.seq !== base + 1)
      throw new EmulatorStateError(
        this.journalPath,
        `does not follow ${path}: its next record would be ${base + 1}, the journal has ${first.seq} (was the state file replaced or removed without its journal?)`,
      );
    if (data) store.load(data);
    for (const record of fresh)
      for (const op of record.ops)
        if (!applyOp(store, op))
          throw new EmulatorStateError(
            this.journalPath,
            `record ${record.seq} names something this emulator does not keep`,
          );
    this.seq = fresh.at(-1)?.seq ?? base;
    this.snapshotBytes = snapshot?.length ?? 0;
    let leftovers: string[];
    try {
      leftovers = await removeLeftovers(path);
    } catch (err) {
      throw new EmulatorStateError(path, `its leftover temp files cannot be removed: ${fsReason(err)}`, {
        cause: err,
      });
    }
    try {
      this.journal = await open(this.journalPath, 'a', 0o600);
      await this.journal.chmod(0o600);
      // The unfinished tail goes before anything is appended after it (where it would be damage mid-journal).
      if (journal?.tornBytes) await this.journal.truncate(journal.validBytes);
    } catch (err) {
      throw new EmulatorStateError(this.journalPath, `cannot be opened for writing: ${fsReason(err)}`, {
        cause: err,
      });
    }
    await syncDirectory(dirname(path));
    this.journalBytes = journal?.validBytes ?? 0;
    store.tracker.enabled = true;
    store.tracker.onChange = () => this.scheduleFlush();
    return {
      persistence: this,
      recovery: { replayed: fresh.length, tornBytes: journal?.tornBytes ?? 0, leftovers },
    };
  }

  /**
   * Resolves once every change made so far is on disk (fsync'd): a new journal record if anything changed, or the
   * write or compaction under way, which may already carry this request's changes.
   */
  commit(): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.queued) return this.queued;
    if (!this.store.tracker.pending) return this.lastTask;
    const task = this.enqueue(async () => {
      this.queued = undefined;
      await this.writeBatch();
    });
    this.queued = task;
    return task;
  }

  /** Folds the journal into the snapshot now (start, stop, and the tests). */
  compact(): Promise<void> {
    return this.enqueue(() => this.compactNow());
  }

  /** Writes what is left, folds the journal into the snapshot and removes the journal: a clean stop leaves one file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.store.tracker.onChange = undefined;
    await this.compact();
    await this.journal?.close();
    this.journal = undefined;
    await unlink(this.journalPath).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    });
    await syncDirectory(dirname(this.path));
    this.store.tracker.enabled = false;
  }

  /** Lets go of the journal without writing anything more (a start that failed after the state was opened). */
  async abandon(): Promise<void> {
    this.closed = true;
    this.store.tracker.onChange = undefined;
    this.store.tracker.enabled = false;
    await this.chain;
    await this.journal?.close();
    this.journal = undefined;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    this.chain = run.catch(noop);
    this.lastTask = run;
    run.catch(noop); // awaited by the requests; a failure is theirs to answer, not an unhandled rejection
    return run;
  }

  /** Changes made outside a request (a signing key made in the background) are written soon after, on their own. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.closed) return;
      this.commit().catch((err: unknown) => report(err));
    });
  }

  private async writeBatch(): Promise<void> {
    const journal = this.journal;
    const changes = this.store.tracker.take();
    if (!journal) return;
    const ops: JournalOp[] = [];
    for (const m of changes.messages) ops.push(['msg', m as never]);
    if (changes.clock) ops.push(['clock', this.store.clockOffset]);
    for (const [collection, key] of changes.keys) {
      const op = opFor(this.store, collection, key);
      if (op) ops.push(op);
    }
    if (ops.length === 0) return;
    const bytes = encodeRecord({ seq: this.seq + 1, ops });
    try {
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await journal.write(bytes, written, bytes.length - written, null);
        written += bytesWritten;
      }
      await journal.datasync();
    } catch (err) {
      this.store.tracker.restore(changes);
      // A record cut short would sit in the middle of the journal once the next one lands: take it back.
      await journal.truncate(this.journalBytes).catch((again: unknown) => {
        this.broken = new EmulatorStateError(
          this.journalPath,
          `could not be written (${fsReason(err)}) nor cut back to its last record (${fsReason(again)}); restart the emulator`,
        );
      });
      throw new EmulatorStateError(this.journalPath, `could not be written: ${fsReason(err)}`, {
        cause: err,
      });
    }
    this.seq += 1;
    this.journalBytes += bytes.length;
    const limit = this.options.compactBytes ?? Math.max(MIN_COMPACT_BYTES, this.snapshotBytes);
    if (this.journalBytes > limit) void this.compact().catch((err: unknown) => report(err));
  }

  private async compactNow(): Promise<void> {
    // Everything in memory goes into the snapshot, changes not yet journaled too: they need no record of their own.
    const changes = this.store.tracker.take();
    // The snapshot's own number: the journal records that follow it start after it, those it holds are below it.
    const seq = this.seq + 1;
    try {
      this.snapshotBytes = await writeSnapshot(this.path, JSON.stringify(this.store.toJSON(seq)));
    } catch (err) {
      this.store.tracker.restore(changes);
      throw err;
    }
    this.seq = seq;
    const journal = this.journal;
    if (!journal) return;
    try {
      await journal.truncate(0);
      await journal.sync();
      this.journalBytes = 0;
    } catch (err) {
      // The snapshot holds every record the journal has (they are skipped at the next start); a later compaction
      // tries the truncation again.
      report(
        new EmulatorStateError(this.journalPath, `could not be truncated: ${fsReason(err)}`, { cause: err }),
      );
    }
  }
}

function report(err: unknown): void {
  console.error('[cogflow-emulator]', err instanceof Error ? err.message : err);
}
