// check:package for a published package: packs it as it would be published (pnpm pack, which applies
// publishConfig: the tarball's exports carry no @cogflow/source condition and it ships dist/ only), then runs
// publint --strict and attw on that tarball. attw uses the esm-only profile: the packages are ESM-only and
// require() reaches the same ESM file through Node's require(esm) (>= 20.19), which attw does not model.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const dir = mkdtempSync(join(tmpdir(), 'cogflow-pack-'));
try {
  run('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', dir]);
  const tarball = join(
    dir,
    readdirSync(dir).find((name) => name.endsWith('.tgz')),
  );
  run('npx', ['publint', 'run', '--strict', tarball]);
  run('npx', ['attw', tarball, '--profile', 'esm-only']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
