// Stopping the bin the way people start it: `npx cogflow-emulator` (npm exec runs it through `sh -c`) and a wrapper
// that does the same; SIGTERM or SIGINT to the wrapper must leave no emulator listening.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const emulatorDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cogflow-cli-signals-'));
const pidFile = join(dir, 'emulator.pid');

// A project with the bin in node_modules/.bin, as after `npm i -D @cogflow/emulator`; the bin runs src/cli.ts.
// `exec` keeps the pid, so the pid file names the emulator's own process.
const bin = join(dir, 'node_modules', '.bin', 'cogflow-emulator');
mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
writeFileSync(
  join(dir, 'package.json'),
  JSON.stringify({ name: 'signals-project', version: '1.0.0', private: true }),
);
writeFileSync(
  bin,
  `#!/bin/sh\necho $$ > '${pidFile}'\ncd '${emulatorDir}'\nexec '${process.execPath}' --conditions=@cogflow/source --import tsx src/cli.ts "$@"\n`,
);
chmodSync(bin, 0o755);

// The wrapper npm is, in small: the bin through `sh -c`, the signal passed to that shell, then exit.
const wrapper = join(dir, 'wrapper.mjs');
writeFileSync(
  wrapper,
  `import { spawn } from 'node:child_process';
const env = { ...process.env, npm_lifecycle_event: 'npx', npm_command: 'exec' };
const child = spawn('sh', ['-c', ${JSON.stringify(`'${bin}' "$@"`)}, 'sh', ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { child.kill(signal); process.exit(1); });
child.on('exit', (code) => process.exit(code ?? 1));
`,
);

const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
// The test's own npm_* variables (it may run under pnpm) must not steer the npm started here.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')),
);

const started = new Set<number>();
afterEach(() => {
  // An emulator left behind by a failed run is ended by its own pid, never by name.
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  started.clear();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie nobody reaped (no init in a container) has exited too.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (await check()) return true;
  return check();
}

interface Started {
  child: ChildProcess;
  port: number;
  pid: number;
  /** The listening socket(s) the emulator opened on its port. */
  sockets: Set<string>;
  /** Everything the launcher and the emulator printed so far. */
  output(): string;
}

async function startThrough(launcher: 'npx' | 'wrapper', ownGroup = false): Promise<Started> {
  rmSync(pidFile, { force: true });
  const args = ['--port', '0', '--host', '127.0.0.1'];
  const child =
    launcher === 'npx'
      ? spawn('npm', ['exec', '--offline', '--yes', '--', 'cogflow-emulator', ...args], {
          cwd: dir,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          // Its own process group, as a terminal gives a foreground job: Ctrl-C signals the whole group.
          detached: ownGroup,
        })
      : spawn(process.execPath, [wrapper, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const out = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started: ${text}`)), 30_000);
    const take = (d: Buffer): void => {
      text += d.toString();
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.once('exit', (code) => reject(new Error(`${launcher} exited with ${code}: ${text}`)));
  });
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  started.add(pid);
  expect(await portOpen(port)).toBe(true);
  expect(alive(pid)).toBe(true);
  const sockets = listeningSockets(port);
  expect(holders(sockets)).toEqual([pid]);
  return { child, port, pid, sockets, output: () => text };
}

/** Inodes of the listening TCP sockets on the port, from /proc/net (Linux): which socket answers, not only whether. */
function listeningSockets(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT, st 0A is LISTEN, the inode is the tenth field.
      if (f.length > 9 && Number.parseInt(f[1]?.split(':')[1] ?? '', 16) === port && f[3] === '0A')
        inodes.add(f[9] as string);
    }
  }
  return inodes;
}

/** Pids with one of these sockets open (for a failure's message). */
function holders(inodes: Set<string>): number[] {
  const pids = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`))?.[1];
        if (inode && inodes.has(inode)) pids.add(Number(entry));
      }
    } catch {}
  }
  return [...pids];
}

/** What a failure needs to be understood: the process's state and parent, who holds the port, what it printed. */
function diagnosis(started: Started): string {
  let stat = 'gone';
  try {
    stat = readFileSync(`/proc/${started.pid}/stat`, 'utf8').trim();
  } catch {}
  const now = listeningSockets(started.port);
  return `emulator ${started.pid}: ${stat}; listening on ${started.port} now: ${JSON.stringify([...now])} held by ${JSON.stringify(holders(now))}, the emulator's was ${JSON.stringify([...started.sockets])}; output: ${started.output()}`;
}

async function expectStopped(s: Started): Promise<void> {
  // The emulator's own process ends...
  expect(await waitFor(() => !alive(s.pid), 15_000), diagnosis(s)).toBe(true);
  // ...and the socket it listened on is closed (its port may since have gone to another test's server: the socket,
  // not the port number, is what must be gone).
  const closed = (): boolean => ![...listeningSockets(s.port)].some((inode) => s.sockets.has(inode));
  expect(await waitFor(closed, 15_000), diagnosis(s)).toBe(true);
  started.delete(s.pid);
}

describe('cogflow-emulator stops with its launcher', () => {
  it.runIf(npm)(
    'SIGTERM to npm exec (npx): npm signals its sh -c, which dies; the emulator stops too',
    async () => {
      const emulator = await startThrough('npx');
      const exited = new Promise((resolve) => emulator.child.once('exit', resolve));
      emulator.child.kill('SIGTERM');
      await exited;
      await expectStopped(emulator);
    },
  );

  it.runIf(npm)('Ctrl-C on npx (SIGINT to the whole process group): everything exits', async () => {
    const emulator = await startThrough('npx', true);
    const exited = new Promise((resolve) => emulator.child.once('exit', resolve));
    process.kill(-(emulator.child.pid as number), 'SIGINT');
    await exited;
    await expectStopped(emulator);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to a wrapper that passes it to its sh -c and exits`, async () => {
      const emulator = await startThrough('wrapper');
      const exited = new Promise((resolve) => emulator.child.once('exit', resolve));
      emulator.child.kill(signal);
      await exited;
      await expectStopped(emulator);
    });
  }

  it('npm is there, so the npx cases above really ran', () => {
    expect(npm).toBe(true);
  });
});
