// Prints cogflow's browser bundle beside amazon-cognito-identity-js and Amplify, built the same way in the same run.

import { BUDGET_GZIP_BYTES, type BundleEntry, measure, weights } from './measure.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const labels: Record<BundleEntry, string> = {
  cogflow: '@cogflow/core + @cogflow/browser (createBrowserAuth)',
  'cogflow-ports': '@cogflow/core + @cogflow/browser (client + ports only)',
  'amazon-cognito-identity-js': 'amazon-cognito-identity-js 6.3',
  amplify: 'aws-amplify/auth 6 (signIn, confirmSignIn, fetchAuthSession)',
};

const sizes = [];
for (const entry of Object.keys(labels) as BundleEntry[]) sizes.push(await measure(entry));
// The budgeted entry: core's client with the browser ports that sign-in, refresh and localStorage need.
const ours = sizes.find((s) => s.entry === 'cogflow-ports')!;

console.log(
  'Bundle: sign in with every challenge + refresh + localStorage (esbuild minify, ESM, browser; gzip -9)\n',
);
for (const size of sizes) {
  const ratio = size.gzipBytes / ours.gzipBytes;
  console.log(
    `${labels[size.entry].padEnd(62)} ${kb(size.bytes).padStart(9)} min  ${kb(size.gzipBytes).padStart(8)} gz  ${ratio.toFixed(2)}x`,
  );
}
console.log(
  `\nbudget: ${kb(BUDGET_GZIP_BYTES)} gzipped for ${labels['cogflow-ports']}: ${ours.gzipBytes <= BUDGET_GZIP_BYTES ? 'within' : 'OVER'}`,
);
const byPackage = new Map<string, number>();
for (const row of weights(ours.metafile)) {
  const name =
    /packages\/([^/]+)\//.exec(row.module)?.[1] ??
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(row.module)?.[1] ??
    row.module;
  byPackage.set(name, (byPackage.get(name) ?? 0) + row.bytes);
}
const total = [...byPackage.values()].reduce((a, b) => a + b, 0);
console.log('\nshare of the cogflow bundle by package (minified bytes):');
for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${String(bytes).padStart(6)}  ${((100 * bytes) / total).toFixed(0).padStart(3)}%  ${name}`);
}
console.log('\nheaviest modules of the cogflow bundle (minified bytes before gzip):');
for (const row of weights(ours.metafile).slice(0, 25))
  console.log(`  ${String(row.bytes).padStart(6)}  ${row.module}`);
