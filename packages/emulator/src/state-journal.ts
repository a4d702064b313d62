// The state journal's format: one line per batch of changes, `<CRC-32 as 8 hex digits> <JSON>\n`, the JSON being
// `{"seq":n,"ops":[...]}`; a last line without its newline is a write that never finished (never acknowledged).
import { crc32 } from 'node:zlib';
import { EmulatorStateError } from './state-error.js';
import type { JournalOp } from './state-replay.js';

export interface JournalRecord {
  seq: number;
  ops: JournalOp[];
}

export interface ParsedJournal {
  records: JournalRecord[];
  /** Bytes up to the end of the last complete record. */
  validBytes: number;
  /** Bytes of an unfinished last record (a write cut short), 0 if none. */
  tornBytes: number;
}

const NEWLINE = 0x0a;
const OP_NAMES = new Set(['put', 'del', 'msg', 'clock']);

/** One record as the bytes appended to the journal. JSON escapes newlines, so a record is exactly one line. */
export function encodeRecord(record: JournalRecord): Buffer {
  const body = Buffer.from(JSON.stringify(record), 'utf8');
  const sum = crc32(body).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`${sum} `, 'latin1'), body, Buffer.of(NEWLINE)]);
}

function decodeLine(line: Buffer): JournalRecord | string {
  if (line.length < 10 || line[8] !== 0x20) return 'is not a journal record (no checksum)';
  const sum = line.subarray(0, 8).toString('latin1');
  if (!/^[0-9a-f]{8}$/.test(sum)) return 'is not a journal record (no checksum)';
  const body = line.subarray(9);
  if (crc32(body) !== Number.parseInt(sum, 16)) return 'fails its checksum';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    // JSON.parse's message quotes the text, which may hold secrets: only say that it is not JSON.
    return 'is not valid JSON';
  }
  const record = parsed as Partial<JournalRecord> | null;
  if (
    !record ||
    typeof record !== 'object' ||
    !Number.isSafeInteger(record.seq) ||
    (record.seq as number) < 1 ||
    !Array.isArray(record.ops) ||
    !record.ops.every((op) => Array.isArray(op) && OP_NAMES.has(op[0] as string))
  )
    return 'is not in the journal format this emulator writes';
  return record as JournalRecord;
}

/**
 * Reads every complete record. An unfinished last line is left out (reported in `tornBytes`); any complete record
 * that is damaged, wherever it is, throws: the journal is then not this emulator's to repair.
 */
export function parseJournal(path: string, bytes: Buffer): ParsedJournal {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(NEWLINE, offset);
    if (end === -1) return { records, validBytes: offset, tornBytes: bytes.length - offset };
    const decoded = decodeLine(bytes.subarray(offset, end));
    if (typeof decoded === 'string')
      throw new EmulatorStateError(
        path,
        `journal record ${records.length + 1} (at byte ${offset}) ${decoded}`,
      );
    const previous = records.at(-1);
    if (previous && decoded.seq !== previous.seq + 1)
      throw new EmulatorStateError(
        path,
        `journal record ${records.length + 1} (at byte ${offset}) has sequence number ${decoded.seq} after ${previous.seq}`,
      );
    records.push(decoded);
    offset = end + 1;
  }
  return { records, validBytes: offset, tornBytes: 0 };
}
