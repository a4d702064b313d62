// TIMESTAMP: `EEE MMM d HH:mm:ss UTC yyyy`, English, UTC, day unpadded; the same under any process locale or zone.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../src/errors.js';
import { formatTimestamp } from '../src/srp/index.js';
import { oracleNowString } from './vectors/oracle.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const SHAPE =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/;

afterEach(() => {
  vi.useRealTimers();
});

describe('formatTimestamp', () => {
  it('the example from the protocol sheet', () => {
    expect(formatTimestamp(Date.UTC(2021, 8, 7, 8, 0, 0))).toBe('Tue Sep 7 08:00:00 UTC 2021');
  });

  it('every month by name, at midnight and one second before the next day', () => {
    for (let month = 0; month < 12; month++) {
      expect(formatTimestamp(Date.UTC(2024, month, 15, 0, 0, 0))).toMatch(
        new RegExp(`^\\w{3} ${MONTHS[month]} 15 00:00:00 UTC 2024$`),
      );
      expect(formatTimestamp(Date.UTC(2024, month, 15, 23, 59, 59))).toMatch(
        new RegExp(`^\\w{3} ${MONTHS[month]} 15 23:59:59 UTC 2024$`),
      );
    }
  });

  it('every weekday by name (a week in March 2024 starts on Sunday the 3rd)', () => {
    for (let i = 0; i < 7; i++) {
      expect(formatTimestamp(Date.UTC(2024, 2, 3 + i, 12, 0, 0))).toBe(
        `${WEEKDAYS[i]} Mar ${3 + i} 12:00:00 UTC 2024`,
      );
    }
  });

  it('single-digit days are not padded; hours, minutes and seconds are', () => {
    expect(formatTimestamp(Date.UTC(2022, 0, 1, 0, 0, 0))).toBe('Sat Jan 1 00:00:00 UTC 2022');
    expect(formatTimestamp(Date.UTC(2023, 11, 31, 23, 59, 59))).toBe('Sun Dec 31 23:59:59 UTC 2023');
    expect(formatTimestamp(Date.UTC(2024, 1, 29, 9, 5, 7))).toBe('Thu Feb 29 09:05:07 UTC 2024');
    expect(formatTimestamp(Date.UTC(2030, 5, 9, 1, 2, 3, 999))).toBe('Sun Jun 9 01:02:03 UTC 2030');
  });

  it('matches amazon-cognito-identity-js DateHelper at random instants (its clock faked)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_799_999 }), (ms) => {
        vi.useFakeTimers({ toFake: ['Date'], now: ms });
        const theirs = oracleNowString();
        vi.useRealTimers();
        const ours = formatTimestamp(ms);
        expect(ours).toBe(theirs);
        expect(ours).toMatch(SHAPE);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses NaN, infinities and out-of-range instants', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 8.64e15 + 1]) {
      expect(() => formatTimestamp(bad)).toThrow(InputError);
    }
  });

  it('prints the same in child processes under other time zones and locales', () => {
    const instants = [
      Date.UTC(2021, 8, 7, 8, 0, 0),
      Date.UTC(2024, 0, 1, 0, 0, 0),
      Date.UTC(2023, 11, 31, 23, 59, 59),
      Date.UTC(2024, 1, 29, 12, 30, 5),
      Date.UTC(2025, 6, 4, 13, 0, 0),
    ];
    const expected = instants.map((ms) => formatTimestamp(ms));
    const child = fileURLToPath(new URL('./vectors/timestamp-child.ts', import.meta.url));
    const environments = [
      { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8' },
      { TZ: 'America/St_Johns', LC_ALL: 'ar_EG.UTF-8' },
      { TZ: 'Asia/Kathmandu', LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' },
      { TZ: 'Pacific/Pago_Pago', LANG: 'fr_FR.UTF-8' },
    ];
    const offsets = new Set<number>();
    for (const extra of environments) {
      const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
      const out = execFileSync(process.execPath, ['--import', 'tsx', child, ...instants.map(String)], {
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      const result = JSON.parse(out.trim()) as { lines: string[]; offset: number; tz: string };
      expect(result.tz).toBe(extra.TZ);
      expect(result.lines).toEqual(expected);
      offsets.add(result.offset);
    }
    // The zones really differed (+14:00, -3:30, +5:45, -11:00), so the sameness above is not an accident.
    expect(offsets.size).toBe(environments.length);
  });
});
