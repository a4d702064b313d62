// Loads the CLI's `--triggers` module: an ES module whose exports (or default export) are a TriggerConfig.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TRIGGER_NAMES, type TriggerConfig } from './types.js';

const KNOWN = new Set<string>([...TRIGGER_NAMES, 'preTokenGenerationConfig']);

/** Checks that every trigger the module names is a function, so a typo fails at start and not at sign-in. */
function checkSet(set: Record<string, unknown>, where: string): void {
  for (const [name, value] of Object.entries(set)) {
    if (!KNOWN.has(name))
      throw new Error(`${where}: unknown trigger "${name}" (known: ${[...KNOWN].join(', ')})`);
    if (name === 'preTokenGenerationConfig') {
      const v = (value as { lambdaVersion?: unknown } | undefined)?.lambdaVersion;
      if (v !== 'V1_0' && v !== 'V2_0')
        throw new Error(`${where}: preTokenGenerationConfig.lambdaVersion must be V1_0 or V2_0`);
    } else if (typeof value !== 'function') {
      throw new Error(`${where}: trigger "${name}" must be a function`);
    }
  }
}

export async function loadTriggerModule(path: string): Promise<TriggerConfig> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  const config = (mod.default && typeof mod.default === 'object' ? mod.default : { ...mod }) as Record<
    string,
    unknown
  >;
  delete config.default;
  const { pools, ...global } = config;
  checkSet(global, path);
  if (pools !== undefined) {
    if (!pools || typeof pools !== 'object')
      throw new Error(`${path}: "pools" must map pool names or ids to triggers`);
    for (const [key, set] of Object.entries(pools as Record<string, unknown>)) {
      if (!set || typeof set !== 'object')
        throw new Error(`${path}: pools.${key} must be an object of triggers`);
      checkSet(set as Record<string, unknown>, `${path} pools.${key}`);
    }
  }
  return config as TriggerConfig;
}
