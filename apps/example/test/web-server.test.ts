// `pnpm example:web` as a person runs it: both addresses printed, the page and the emulator answering, Ctrl-C stops both.

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { APP_DIR } from './run-cli.js';

describe('pnpm example:web (src/web-server.ts)', () => {
  it('prints the emulator and page addresses, serves both, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@cogflow/source', '--import', 'tsx', 'src/web-server.ts'],
      {
        cwd: APP_DIR,
        env: { ...process.env, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!/web page\s+http/.test(stdout) && Date.now() < deadline && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const emulator = /emulator\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const page = /web page\s+(http:\/\/localhost:\d+\/)/.exec(stdout)?.[1];
      expect(emulator, `${stdout}\n${stderr}`).toBeDefined();
      expect(page, `${stdout}\n${stderr}`).toBeDefined();

      const html = await (await fetch(page as string)).text();
      expect(html).toContain('cogflow');
      expect(html).toContain('main.ts');

      // The page reaches the emulator through the dev server's proxy, same origin.
      const answer = await fetch(new URL('/cognito/', page as string), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'no-such-client', AuthParameters: {} }),
      });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { __type?: string }).__type).toMatch(/Exception$/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
