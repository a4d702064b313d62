// The demo's configuration, served by the dev server once it knows its own address (see src/web-demo.ts).

import pageConfig from 'virtual:cogflow-demo-config';
import type { DemoPageConfig } from '../src/web-demo.js';

export const config: DemoPageConfig = pageConfig;
