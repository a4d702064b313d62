// Notices when the program that launched the CLI is gone: npx / npm exec run a bin through `sh -c`, and on SIGTERM
// npm signals that shell, which dies without passing the signal on, so the emulator was left listening as an orphan.
import { readFileSync } from 'node:fs';

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh', 'mksh', 'busybox']);

interface ProcessInfo {
  name: string;
  ppid: number;
  /** Clock ticks since boot: with the pid, names one process even after the pid is reused. */
  start: string;
}

/** Linux's /proc/<pid>/stat; undefined elsewhere or when the process is gone. */
function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may itself contain spaces or parentheses: the fields follow the last ')'.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return { name, ppid: Number(fields[1]), start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** `process.ppid` is read once at start-up, so it never changes: ask /proc, or (elsewhere) whether the pid lives. */
function parentGone(parent: number): boolean {
  const self = processInfo(process.pid);
  if (self) return self.ppid !== parent;
  try {
    process.kill(parent, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Calls `onGone` once the parent or the launcher (the first ancestor that is not a shell: npm, pnpm, a test's
 * wrapper) has exited. Started from init (ppid 0 or 1: a container, systemd) there is nothing to watch. The timer is
 * unref'd, so it never keeps the process alive by itself.
 */
export function watchLauncher(onGone: () => void, intervalMs = 250): () => void {
  const parent = process.ppid;
  if (parent <= 1) return () => undefined;
  let launcher: { pid: number; start: string } | undefined;
  let pid = parent;
  for (let depth = 0; depth < 6; depth++) {
    const info = processInfo(pid);
    if (!info) break;
    if (!SHELLS.has(info.name)) {
      launcher = { pid, start: info.start };
      break;
    }
    if (info.ppid <= 1) break;
    pid = info.ppid;
  }
  const timer = setInterval(() => {
    const launcherGone = launcher !== undefined && processInfo(launcher.pid)?.start !== launcher.start;
    if (parentGone(parent) || launcherGone) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
