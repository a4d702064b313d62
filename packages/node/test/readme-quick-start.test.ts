// The root README's emulator quick start, run as written: the code block after the quick-start marker is copied
// into a module of this package (so its imports resolve as a user's would through the workspace) and run by Node.

import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

it("README's emulator quick start runs as written and signs in", async () => {
  const marker = readme.indexOf('<!-- quick-start:emulator -->');
  expect(marker).toBeGreaterThan(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker))?.[1];
  expect(block).toContain('startEmulator');
  const file = new URL(`./quick-start-${process.pid}.mts`, import.meta.url).pathname;
  writeFileSync(file, block!);
  try {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@cogflow/source', '--import', 'tsx', file],
      { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, timeout: 60_000 },
    );
    expect(stdout.trim()).toBe('SIGNED_IN 3');
  } finally {
    rmSync(file, { force: true });
  }
}, 90_000);
