// The TIMESTAMP of a PASSWORD_VERIFIER answer: `EEE MMM d HH:mm:ss UTC yyyy` in English and UTC (see PROTOCOL.md).

import { InputError } from '../errors.js';

/** `Tue Sep 7 08:00:00 UTC 2021` for 2021-09-07T08:00:00Z. The day of month is not padded. */
export function formatTimestamp(epochMs: number): string {
  // toUTCString is fixed English and UTC in every engine (ECMA-262 21.4.4.43): `Tue, 07 Sep 2021 08:00:00 GMT`.
  // Locale formatting has printed local month names, hour 24 and 12-hour clocks; the service rejects those.
  const parts = typeof epochMs === 'number' ? new Date(epochMs).toUTCString().split(' ') : [];
  if (parts.length !== 6) throw new InputError('Bad clock');
  const [day, date, month, year, time] = parts as [string, string, string, string, string];
  // `+` undoes the zero padding of days and of years before 1000.
  return `${day.slice(0, 3)} ${month} ${+date} ${time} UTC ${+year}`;
}
