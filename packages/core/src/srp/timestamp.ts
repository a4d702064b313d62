// The TIMESTAMP of a PASSWORD_VERIFIER answer: `EEE MMM d HH:mm:ss UTC yyyy` in English and UTC (see PROTOCOL.md).

import { InputError } from '../errors.js';

// Fixed tables and getUTC* only: locale formatting has printed local month names, hour 24, 12-hour clocks and
// zero-padded days, and the service rejects every one of those.
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `Tue Sep 7 08:00:00 UTC 2021` for 2021-09-07T08:00:00Z. The day of month is not padded. */
export function formatTimestamp(epochMs: number): string {
  if (typeof epochMs !== 'number' || !Number.isFinite(epochMs)) {
    throw new InputError('formatTimestamp takes a finite number of milliseconds');
  }
  const date = new Date(epochMs);
  const time = date.getTime();
  if (Number.isNaN(time)) throw new InputError('formatTimestamp: time out of range');
  return (
    `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`
  );
}
