#!/usr/bin/env node
// cogflow-emulator: the command-line entry of @cogflow/emulator (--port, --host, --seed, --state, --control-origins,
// --triggers).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { watchLauncher } from './launcher-watch.js';
import { startEmulator } from './start-emulator.js';
import { loadTriggerModule } from './triggers/load-module.js';
import type { EmulatorSeed } from './types.js';

const USAGE = `Usage: cogflow-emulator [--port 9229] [--host 127.0.0.1] [--region us-east-1] [--seed seed.json]
  [--state state.json] [--control-origins loopback,https://app.test | none] [--triggers triggers.mjs]`;

/** --control-origins: comma-separated origins and 'loopback'; 'none' lets no web page call the control API. */
function controlOriginsOf(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'none') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** How long a stop may take before the process exits anyway. */
const STOP_GRACE_MS = 5_000;

/** A wrong command line: the message, then the usage, exit 2 (as a usage error). */
class UsageError extends Error {}

function parse(): ReturnType<typeof parseOptions> {
  try {
    return parseOptions();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseOptions() {
  return parseArgs({
    options: {
      port: { type: 'string', default: '9229' },
      host: { type: 'string', default: '127.0.0.1' },
      region: { type: 'string', default: 'us-east-1' },
      seed: { type: 'string' },
      state: { type: 'string' },
      'control-origins': { type: 'string' },
      triggers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const NO_SEED_HINT = `No --seed: the emulator starts with no user pool. Pass --seed seed.json (pools, app clients and users;
ids stay the same when the seed gives "id"), or create them at run time with the AWS SDK against this endpoint
(CreateUserPool, CreateUserPoolClient, AdminCreateUser; any credentials, e.g. accessKeyId "x").`;

async function main(): Promise<void> {
  const { values } = parse();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number.parseInt(values.port ?? '9229', 10);
  if (!/^\d+$/.test(values.port ?? '') || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a number from 0 to 65535');
  const controlOrigins = controlOriginsOf(values['control-origins']);
  const seed = values.seed ? (JSON.parse(readFileSync(values.seed, 'utf8')) as EmulatorSeed) : undefined;
  const triggers = values.triggers ? await loadTriggerModule(values.triggers) : undefined;
  const emu = await startEmulator({
    port,
    host: values.host ?? '127.0.0.1',
    region: values.region ?? 'us-east-1',
    ...(seed ? { seed } : {}),
    ...(values.state ? { stateFile: values.state } : {}),
    ...(controlOrigins ? { controlOrigins } : {}),
    ...(triggers ? { triggers } : {}),
  });
  // Set up before the "listening" line: whoever waits for that line may signal at once.
  let stopping = false;
  const stop = (): void => {
    // A second signal while stopping: do not wait any longer.
    if (stopping) process.exit(1);
    stopping = true;
    // A stop that hangs (a connection that never drains, a state file on a stuck disk) must not keep the port.
    setTimeout(() => process.exit(1), STOP_GRACE_MS).unref();
    emu.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  // Started by a package manager (npx, npm exec, npm run, pnpm, yarn set these): stop when it is gone, since it may
  // have been signalled and its `sh -c` died without passing the signal on.
  if (process.env.npm_execpath || process.env.npm_lifecycle_event) watchLauncher(stop);
  console.log(`cogflow-emulator listening on ${emu.endpoint} (region ${emu.region})`);
  if (!seed && Object.keys(emu.pools).length === 0) console.log(NO_SEED_HINT);
  for (const [name, pool] of Object.entries(emu.pools)) {
    console.log(`  pool ${name}: ${pool.id}`);
    if (pool.oauthBaseURL)
      console.log(`    domain ${pool.domain}: ${pool.oauthBaseURL} (issuer ${pool.issuer})`);
    for (const [clientName, client] of Object.entries(pool.clients)) {
      console.log(`    client ${clientName}: ${client.id}${client.secret ? ' (with secret)' : ''}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  if (err instanceof UsageError) {
    console.error(USAGE);
    process.exit(2);
  }
  process.exit(1);
});
