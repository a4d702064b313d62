// The record a browser store keeps per key: the value and its expiry, so storages without ttl can check on read.

import { StoreError } from '@cogflow/core';

/** [value] or [value, expiresAt ms]. An array keeps the encoding short and unambiguous. */
export type Envelope = [string] | [string, number];

export function seal(value: string, expiresAt: number | undefined): Envelope {
  return expiresAt === undefined ? [value] : [value, expiresAt];
}

/** Reads an envelope back; anything else is `STORE_CORRUPT` (never treated as missing, so no secret is dropped). */
export function open(record: unknown, where: string): { value: string; expiresAt: number | undefined } {
  if (
    Array.isArray(record) &&
    typeof record[0] === 'string' &&
    (record.length === 1 || (record.length === 2 && typeof record[1] === 'number'))
  ) {
    return { value: record[0], expiresAt: record[1] as number | undefined };
  }
  throw new StoreError('STORE_CORRUPT', `${where}: entry in an unknown format`);
}
