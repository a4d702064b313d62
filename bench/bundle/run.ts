// Prints cogflow's browser bundles per capability set beside amazon-cognito-identity-js and Amplify, built the same
// way in the same run: a table with ratios to cogflow's `sign-in`, then one JSON line per entry.

import {
  ACCOUNT_AIM_GZIP_BYTES,
  BUDGET_GZIP_BYTES,
  type BundleEntry,
  ENTRIES,
  measure,
  weights,
} from './measure.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const sizes = [];
for (const entry of Object.keys(ENTRIES) as BundleEntry[]) sizes.push(await measure(entry));
const signIn = sizes.find((s) => s.entry === 'sign-in')!;

console.log(
  'Bundles (esbuild minify, ESM, browser, tree-shaken; gzip -9); ratio = gzip bytes / cogflow sign-in\n',
);
for (const size of sizes) {
  const ratio = size.gzipBytes / signIn.gzipBytes;
  const added =
    ENTRIES[size.entry].ours && size.entry !== 'sign-in'
      ? `  (+${kb(size.gzipBytes - signIn.gzipBytes)})`
      : '';
  console.log(
    `${ENTRIES[size.entry].label.padEnd(84)} ${kb(size.bytes).padStart(9)} min  ${kb(size.gzipBytes).padStart(8)} gz  ${ratio.toFixed(2)}x${added}`,
  );
}
console.log(
  `\nbudget: ${kb(BUDGET_GZIP_BYTES)} gzipped for sign-in: ${signIn.gzipBytes <= BUDGET_GZIP_BYTES ? 'within' : `OVER by ${signIn.gzipBytes - BUDGET_GZIP_BYTES} B`}`,
);
const accountAdds = sizes.find((s) => s.entry === 'account')!.gzipBytes - signIn.gzipBytes;
console.log(
  `aim: account adds at most ${kb(ACCOUNT_AIM_GZIP_BYTES)} to sign-in: ${accountAdds <= ACCOUNT_AIM_GZIP_BYTES ? 'within' : `OVER by ${accountAdds - ACCOUNT_AIM_GZIP_BYTES} B`} (adds ${accountAdds} B)`,
);
const byPackage = new Map<string, number>();
for (const row of weights(signIn.metafile)) {
  const name =
    /packages\/([^/]+)\//.exec(row.module)?.[1] ??
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(row.module)?.[1] ??
    row.module;
  byPackage.set(name, (byPackage.get(name) ?? 0) + row.bytes);
}
const total = [...byPackage.values()].reduce((a, b) => a + b, 0);
console.log('\nshare of the sign-in bundle by package (minified bytes):');
for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${String(bytes).padStart(6)}  ${((100 * bytes) / total).toFixed(0).padStart(3)}%  ${name}`);
}
console.log('\nheaviest modules of the sign-in bundle (minified bytes before gzip):');
for (const row of weights(signIn.metafile).slice(0, 25))
  console.log(`  ${String(row.bytes).padStart(6)}  ${row.module}`);
console.log('');
for (const size of sizes)
  console.log(JSON.stringify({ bundle: size.entry, minBytes: size.bytes, gzipBytes: size.gzipBytes }));
