// Child process for srp-timestamp.test.ts: prints formatTimestamp for the instants given on argv, one per line,
// under whatever TZ / LANG / LC_ALL the parent set, plus what the runtime's own locale formatting would print.

import { formatTimestamp } from '../../src/srp/timestamp.js';

const instants = process.argv.slice(2).map(Number);
const lines = instants.map((ms) => formatTimestamp(ms));
// Shows the environment really is different: the runtime's locale rendering of the first instant.
const local = new Date(instants[0] ?? 0).toString();
process.stdout.write(
  `${JSON.stringify({ lines, local, tz: process.env.TZ ?? '', offset: new Date(instants[0] ?? 0).getTimezoneOffset() })}\n`,
);
