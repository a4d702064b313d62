// Starts a throwaway redis-server on a free port for one test file, and says why when it cannot.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createClient } from 'redis';

export const REDIS_BINARY = '/usr/bin/redis-server';

/** A reason to skip the Redis suites, or false. Missing binary fails instead when COGFLOW_REQUIRE_REDIS=1. */
export function redisSkipReason(): string | false {
  if (existsSync(REDIS_BINARY)) return false;
  if (process.env.COGFLOW_REQUIRE_REDIS === '1') {
    throw new Error(`${REDIS_BINARY} is missing and COGFLOW_REQUIRE_REDIS=1`);
  }
  return `${REDIS_BINARY} is not installed; set COGFLOW_REQUIRE_REDIS=1 to make this a failure`;
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  for (let tries = 0; tries < 5; tries += 1) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      REDIS_BINARY,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = `redis://127.0.0.1:${port}`;
    const ready = await new Promise<boolean>((resolve) => {
      let output = '';
      const timer = setTimeout(() => resolve(false), 5000);
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!ready) {
      child.kill('SIGKILL');
      continue;
    }
    return {
      url,
      port,
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) {
            resolve();
            return;
          }
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }
  throw new Error('redis-server did not start');
}

export type TestRedisClient = ReturnType<typeof createTestClient>;

function createTestClient(url: string) {
  return createClient({ url });
}

export async function connect(url: string): Promise<TestRedisClient> {
  const client = createTestClient(url);
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
