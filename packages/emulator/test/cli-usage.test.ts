// The CLI as a new user meets it: a wrong option prints what was wrong and the usage (exit 2), and a start without
// a seed says how to get a pool.

import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const args = ['--conditions=@cogflow/source', '--import', 'tsx', cli];

it.each([
  [['--prot', '9229'], /Unknown option '--prot'/],
  [['--port', 'nine'], /--port must be a number/],
])('%j prints the problem and the usage, and exits 2', async (extra, problem) => {
  const failure = await run(process.execPath, [...args, ...extra], { timeout: 30_000 }).then(
    () => undefined,
    (error: { code?: number; stderr?: string }) => error,
  );
  expect(failure?.code).toBe(2);
  expect(failure?.stderr).toMatch(problem);
  expect(failure?.stderr).toContain('Usage: cogflow-emulator');
});

it('started without a seed, it says how to get a user pool', async () => {
  const child = spawn(process.execPath, [...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no hint within 30 s: ${text}`)), 30_000);
      child.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('AdminCreateUser')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
    });
    expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain('No --seed');
    expect(output).toContain('--seed seed.json');
  } finally {
    child.kill('SIGTERM');
  }
}, 40_000);
