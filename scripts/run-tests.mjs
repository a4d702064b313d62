// The test command: lint, build, typecheck and package checks, then every package's tests one at a time,
// then one closing line that adds up the vitest results of all packages.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps', '.'].flatMap((dir) =>
  dir === '.'
    ? ['bench']
    : readdirSync(join(root, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(dir, d.name)),
);
const resultFile = (ws) => join(root, ws, 'test-results', 'vitest.json');

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

const turbo = join(root, 'node_modules', '.bin', 'turbo');
const biome = join(root, 'node_modules', '.bin', 'biome');

for (const ws of workspaces) rmSync(resultFile(ws), { force: true });

let status = run(biome, ['check', '.']);
if (status === 0)
  status = run(turbo, ['run', 'build', 'typecheck', 'check:package', '--output-logs=errors-only']);
if (status === 0) {
  status = run(turbo, [
    'run',
    'test',
    '--concurrency=1',
    '--continue',
    '--',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
  ]);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const ws of workspaces) {
  const file = resultFile(ws);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A file that failed to load has no failed test in it, so count it once; other failed suites are the
  // describe blocks and files around failed tests, already counted through those tests.
  const unloaded = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
  ).length;
  const wsPassed = report.numPassedTests ?? 0;
  const wsFailed = (report.numFailedTests ?? 0) + unloaded;
  const wsSkipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  passed += wsPassed;
  failed += wsFailed;
  skipped += wsSkipped;
  console.log(`${ws}: ${wsPassed} passed, ${wsFailed} failed, ${wsSkipped} skipped`);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`\ncogflow: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status);
