// `pnpm example:web`: the emulator and the demo page, until Ctrl-C.

import { startWebDemo } from './web-demo.js';

const port = Number(process.env.PORT ?? 5173);
const demo = await startWebDemo({ webPort: Number.isInteger(port) ? port : 5173 });
process.stdout.write(
  [
    '',
    `  emulator   ${demo.emulator.endpoint}`,
    `  web page   ${demo.url}`,
    `  managed login redirects back to ${demo.url} only (registered on the app client as its callback URL)`,
    '',
    '  Demo users are listed on the page. Ctrl-C stops both.',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(): Promise<void> {
  // A stop that was asked for is a clean exit; Vite's own SIGTERM handler would otherwise report 143.
  process.exitCode = 0;
  if (stopping) return;
  stopping = true;
  await demo.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
