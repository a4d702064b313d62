// Runs the walkthrough CLI as a child process, the way `pnpm example` does, and collects what it printed.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@cogflow/source', '--import', 'tsx', 'src/cli.ts', ...args],
      {
        cwd: APP_DIR,
        env: {
          ...process.env,
          NO_COLOR: '1',
          COGFLOW_REGION: '',
          COGFLOW_USER_POOL_ID: '',
          COGFLOW_CLIENT_ID: '',
        },
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The CLI did not finish in time.\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    }, options.timeoutMs ?? 150_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The step headings (`Step n. ...`) in the order printed. */
export function headings(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^Step \d+\. /.test(line));
}

/** Whether `value` occurs as a whole token (not inside a longer run of letters or digits). */
export function containsToken(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`).test(text);
}
