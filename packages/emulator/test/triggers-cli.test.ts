// The CLI's --triggers module: a child process started with a seed and a trigger module, driven over HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { call } from './wire.js';

const dir = mkdtempSync(join(tmpdir(), 'cogflow-triggers-cli-'));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child?.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--conditions=@cogflow/source', '--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const seedFile = join(dir, 'seed.json');
writeFileSync(
  seedFile,
  JSON.stringify({
    pools: [
      {
        name: 'cli',
        id: 'us-east-1_CliTrig123',
        clients: [{ name: 'web', id: 'clitriggers000000000000000' }],
        users: [{ username: 'cleo', password: 'Correct-Horse-9!' }],
      },
    ],
  }),
);

describe('cogflow-emulator --triggers', () => {
  it("loads the module's triggers for the pools it names; the running emulator honours them", async () => {
    const module = join(dir, 'my-triggers.mjs');
    writeFileSync(
      module,
      [
        'export const pools = {',
        '  cli: {',
        "    preSignUp() { throw new Error('Sign-up is closed'); },",
        '    preTokenGeneration(event) {',
        "      event.response.claimsOverrideDetails = { claimsToAddOrOverride: { from: 'cli-module', user: event.userName } };",
        '      return event;',
        '    },',
        '  },',
        '};',
        '',
      ].join('\n'),
    );
    child = start(['--port', '0', '--seed', seedFile, '--triggers', module]);
    const out = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`CLI did not start: ${text}`)), 30_000);
      child?.stdout?.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('client web')) {
          clearTimeout(timer);
          resolve(text);
        }
      });
      child?.stderr?.on('data', (d: Buffer) => {
        text += d.toString();
      });
      child?.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${text}`)));
    });
    const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] as string;
    expect(endpoint).toBeDefined();
    const refused = await call(endpoint, 'SignUp', {
      ClientId: 'clitriggers000000000000000',
      Username: 'newcomer',
      Password: 'Correct-Horse-9!',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Sign-up is closed.',
    });
    const signIn = await call(endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'clitriggers000000000000000',
      AuthParameters: { USERNAME: 'cleo', PASSWORD: 'Correct-Horse-9!' },
    });
    expect(signIn.status).toBe(200);
    const id = decodeJwt((signIn.body.AuthenticationResult as { IdToken: string }).IdToken);
    expect(id.from).toBe('cli-module');
    expect(id.user).toBe('cleo');
  });

  it('refuses to start on a module with a misspelled trigger, naming it', async () => {
    const module = join(dir, 'typo.mjs');
    writeFileSync(module, 'export const preSignup = () => {};\n');
    child = start(['--port', '0', '--triggers', module]);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child?.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('unknown trigger "preSignup"');
  });
});
