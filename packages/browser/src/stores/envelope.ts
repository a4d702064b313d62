// The record a browser store keeps per key: the value and its expiry, so storages without ttl can check on read.

import { StoreError } from '@cogflow/core';

/** [value] or [value, expiresAt ms]. An array keeps the encoding short and unambiguous. */
export type Envelope = [string] | [string, number];

export function seal(value: string, expiresAt: number | undefined): Envelope {
  return expiresAt === undefined ? [value] : [value, expiresAt];
}

/** Reads an envelope back; anything else is `STORE_CORRUPT` (never treated as missing, so no secret is dropped). */
export function open(record: unknown, where: string): { value: string; expiresAt: number | undefined } {
  const [value, expiresAt, ...rest] = Array.isArray(record) ? record : [];
  if (
    typeof value !== 'string' ||
    rest.length ||
    (expiresAt !== undefined && typeof expiresAt !== 'number')
  ) {
    throw new StoreError('STORE_CORRUPT', `${where}: entry in an unknown format`);
  }
  return { value, expiresAt };
}
