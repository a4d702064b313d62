// The demo's configuration, put in place by Vite's `define` (see src/web-demo.ts).

import type { DemoPageConfig } from '../src/web-demo.js';

declare const __COGFLOW_DEMO__: DemoPageConfig;

export const config: DemoPageConfig = __COGFLOW_DEMO__;
