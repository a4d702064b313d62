import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // Maps with the sources inlined: a stack trace or a debugger shows src/ although the tarball ships dist/ only.
  sourcemap: true,
  treeshake: true,
});
