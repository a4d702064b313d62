// bench/throughput: USER_SRP_AUTH sign-ins per second for N concurrent users against the emulator, @cogflow/node
// beside amazon-cognito-identity-js in the same run, printed as a ratio. Prints numbers; asserts nothing.
//
// The emulator runs in its own process (it is the same server for both clients, so its cost is shared); the two
// clients take turns in this process, alternating rounds so that neither always runs on a warmer machine.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signIn } from '@cogflow/core';
import { createNodeAuth, memoryStore } from '@cogflow/node';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
  },
});
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const PASSWORD = 'Bench-Password-1!';

interface Running {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  child: ChildProcess;
}

async function startEmulatorProcess(dir: string): Promise<Running> {
  const seedFile = join(dir, 'seed.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      pools: [
        {
          name: 'bench',
          clients: [{ name: 'public' }],
          users: Array.from({ length: USERS }, (_, i) => ({ username: `user-${i}`, password: PASSWORD })),
        },
      ],
    }),
  );
  const cli = fileURLToPath(new URL('../../packages/emulator/src/cli.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@cogflow/source', '--import', 'tsx', cli, '--port', '0', '--seed', seedFile],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it listened`)));
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const endpoint = /listening on (\S+)/.exec(output)?.[1];
      const userPoolId = /pool bench: (\S+)/.exec(output)?.[1];
      const clientId = /client public: (\S+)/.exec(output)?.[1];
      if (endpoint && userPoolId && clientId) resolve({ endpoint, userPoolId, clientId, child });
    });
  });
}

type SignIn = (username: string) => Promise<string>;

function cogflowSignIn(env: Running): SignIn {
  const auth = createNodeAuth({
    userPoolId: env.userPoolId,
    clientId: env.clientId,
    endpoint: env.endpoint,
    store: memoryStore(),
  });
  return async (username) => {
    const result = await signIn(auth, { username, password: PASSWORD, rememberDevice: false });
    if (result.status !== 'SIGNED_IN')
      throw new Error(
        `cogflow stopped at ${result.status === 'CHALLENGE' ? result.step.type : result.status}`,
      );
    return result.tokens.accessToken;
  };
}

function amazonSignIn(env: Running): SignIn {
  const pool = new CognitoUserPool({
    UserPoolId: env.userPoolId,
    ClientId: env.clientId,
    endpoint: env.endpoint,
  });
  return (username) =>
    new Promise((resolve, reject) => {
      const user = new CognitoUser({ Username: username, Pool: pool });
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
        onSuccess: (session) => resolve(session.getAccessToken().getJwtToken()),
        onFailure: reject,
        newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
        mfaRequired: () => reject(new Error('unexpected MFA')),
        totpRequired: () => reject(new Error('unexpected TOTP')),
      });
    });
}

interface Measure {
  signIns: number;
  failures: number;
  seconds: number;
}

/** N workers, one user each, signing in back to back until the time is up. */
async function measure(signIn: SignIn): Promise<Measure> {
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  let signIns = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      while (performance.now() < deadline) {
        try {
          const token = await signIn(`user-${i}`);
          if (token.split('.').length !== 3) throw new Error('not a JWT');
          signIns += 1;
        } catch {
          failures += 1;
        }
      }
    }),
  );
  return { signIns, failures, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cogflow-throughput-'));
  const env = await startEmulatorProcess(dir);
  try {
    const contenders: Record<string, SignIn> = {
      '@cogflow/node': cogflowSignIn(env),
      'amazon-cognito-identity-js': amazonSignIn(env),
    };
    // Warm-up: JIT, sockets, and one check that both clients really sign in.
    for (const signIn of Object.values(contenders)) await signIn('user-0');
    const totals: Record<string, Measure> = {};
    const roundRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const rates: Record<string, number> = {};
      const order = Object.keys(contenders);
      if (round % 2 === 1) order.reverse();
      for (const name of order) {
        const result = await measure(contenders[name]!);
        totals[name] ??= { signIns: 0, failures: 0, seconds: 0 };
        const total = totals[name];
        rates[name] = result.signIns / result.seconds;
        total.signIns += result.signIns;
        total.failures += result.failures;
        total.seconds += result.seconds;
        console.log(
          `round ${round + 1}  ${name.padEnd(28)} ${(result.signIns / result.seconds).toFixed(1).padStart(8)} sign-ins/s` +
            `  (${result.signIns} in ${result.seconds.toFixed(1)} s, ${result.failures} failed)`,
        );
      }
      roundRatios.push(rates['@cogflow/node']! / rates['amazon-cognito-identity-js']!);
    }
    const rate = (name: string): number => totals[name]!.signIns / totals[name]!.seconds;
    const cogflow = rate('@cogflow/node');
    const amazon = rate('amazon-cognito-identity-js');
    console.log('');
    console.log(
      `USER_SRP_AUTH sign-ins per second, ${USERS} concurrent users, ${ROUNDS} x ${SECONDS} s each,`,
    );
    console.log(`emulator in its own process, node ${process.version}, ${cpus().length} CPUs:`);
    console.log(
      `  @cogflow/node               ${cogflow.toFixed(1)} /s  (${totals['@cogflow/node']!.failures} failed)`,
    );
    console.log(
      `  amazon-cognito-identity-js  ${amazon.toFixed(1)} /s  (${totals['amazon-cognito-identity-js']!.failures} failed)`,
    );
    console.log(`  ratio                       ${(cogflow / amazon).toFixed(2)}x`);
    const sorted = [...roundRatios].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    console.log(
      `  ratio per round             ${roundRatios.map((r) => `${r.toFixed(1)}x`).join(', ')}` +
        ` (median ${median.toFixed(1)}x)`,
    );
  } finally {
    env.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
