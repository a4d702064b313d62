// cogflow's walkthrough: every sign-in challenge, on an embedded emulator (default) or on a real user pool.

import { type Emulator, type EmulatorControl, emulatorControl, startEmulator } from '@cogflow/emulator';
import { runAccounts } from './cli/accounts.js';
import { EmulatorAnswerer, PromptAnswerer } from './cli/answerers.js';
import { parseCliArgs, USAGE, UsageError } from './cli/args.js';
import { createCliAuth } from './cli/auth.js';
import { runOAuthDemo } from './cli/oauth-demo.js';
import { runOtherChallenges } from './cli/other-challenges.js';
import { createOutput, type Output } from './cli/output.js';
import { createPrompt, type Prompt } from './cli/prompt.js';
import { runRealPool } from './cli/real-pool.js';
import { runWalkthrough } from './cli/walkthrough.js';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_NAME,
  DEMO_POOL_ID,
  DEMO_POOL_NAME,
  DEMO_REGION,
  demoSeed,
  demoTriggers,
} from './seed.js';

async function runOnEmulator(
  options: { interactive: boolean; emulatorEndpoint?: string; only?: 'main'; oauth?: true },
  out: Output,
  prompt: () => Prompt,
): Promise<void> {
  let emulator: Emulator | undefined;
  let endpoint: string;
  let control: EmulatorControl;
  let poolId = DEMO_POOL_ID;
  let clientId = DEMO_CLIENT_ID;
  if (options.emulatorEndpoint) {
    endpoint = options.emulatorEndpoint;
    control = emulatorControl(endpoint);
  } else {
    emulator = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      region: DEMO_REGION,
      seed: demoSeed,
      triggers: demoTriggers,
    });
    endpoint = emulator.endpoint;
    control = emulator.control;
    const pool = emulator.pools[DEMO_POOL_NAME];
    poolId = pool?.id ?? poolId;
    clientId = pool?.clients[DEMO_CLIENT_NAME]?.id ?? clientId;
  }
  try {
    if (options.oauth) {
      if (!emulator) throw new UsageError('--oauth runs on the embedded emulator only');
      await runOAuthDemo(emulator, out, { interactive: options.interactive });
      out.blank();
      out.success('OAuth walkthrough complete.');
      return;
    }
    out.title('cogflow walkthrough: signing in to an Amazon Cognito user pool, challenge by challenge');
    out.note(`On the ${emulator ? 'embedded ' : ''}emulator at ${endpoint}`);
    out.note(`user pool ${poolId} (MFA optional, device tracking on), public app client ${clientId}`);
    out.note(
      options.interactive
        ? 'Interactive: you answer each step (an empty code lets the emulator answer).'
        : "Unattended: codes are read from the emulator's control API, standing in for phones, inboxes and apps.",
    );
    out.note(
      'Lines with → are requests the client sent, ← what the service answered; secrets show as (hidden).',
    );
    const { client, transport } = createCliAuth(
      { userPoolId: poolId, clientId, region: DEMO_REGION, endpoint },
      out,
    );
    const fromEmulator = new EmulatorAnswerer(control, poolId, out);
    const answerer = options.interactive ? new PromptAnswerer(prompt(), fromEmulator) : fromEmulator;
    const ctx = { client, clientId, transport, out, emulator: fromEmulator, answerer };
    await runWalkthrough(ctx);
    if (options.only !== 'main') await runOtherChallenges(ctx);
    if (options.only !== 'main' && !options.interactive) await runAccounts(ctx);
    out.blank();
    out.success('Walkthrough complete: every step above was checked, not just shown.');
  } finally {
    await emulator?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  // The AWS SDK warns on Node 20 about its releases of 2027; in the middle of a walkthrough that is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const out = createOutput({ stream: process.stdout });
  let prompt: Prompt | undefined;
  const getPrompt = (): Prompt => {
    prompt ??= createPrompt();
    return prompt;
  };
  try {
    // `pnpm example -- --flag` hands the script a literal `--` first.
    const mode = parseCliArgs(argv[0] === '--' ? argv.slice(1) : argv);
    switch (mode.kind) {
      case 'help':
        process.stdout.write(USAGE);
        return 0;
      case 'real-pool':
        await runRealPool(mode, out, getPrompt());
        return 0;
      case 'emulator':
        await runOnEmulator(mode, out, getPrompt);
        return 0;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    // CogflowError messages never carry secrets (packages/core/src/errors.ts); neither do the walkthrough's own.
    const code = (error as { code?: string }).code;
    process.stderr.write(`\nerror${code ? ` ${code}` : ''}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    prompt?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
