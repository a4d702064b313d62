// The page's configuration as a virtual module (`virtual:cogflow-demo-config`), read when the page first asks
// for it: by then the dev server knows its own port, which the managed-login callback URL has to name.

import type { Plugin } from 'vite';

export const PAGE_CONFIG_MODULE = 'virtual:cogflow-demo-config';
const RESOLVED = `\0${PAGE_CONFIG_MODULE}`;

export function pageConfigModule(read: () => unknown): Plugin {
  return {
    name: 'cogflow-demo-config',
    resolveId(id) {
      return id === PAGE_CONFIG_MODULE ? RESOLVED : undefined;
    },
    load(id) {
      return id === RESOLVED ? `export default ${JSON.stringify(read())};` : undefined;
    },
  };
}
