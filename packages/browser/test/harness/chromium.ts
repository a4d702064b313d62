// Launches Debian's headless Chromium through playwright-core for the browser suites, or says why it cannot.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether the browser suites run; without Chromium they skip, unless CI demands it (COGFLOW_REQUIRE_BROWSER=1). */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.COGFLOW_REQUIRE_BROWSER === '1') {
    throw new Error(`COGFLOW_REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} is missing: install Debian's chromium`);
  }
  console.warn(`[cogflow/browser] skipping the Chromium suites: ${CHROMIUM_PATH} is missing`);
  return false;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile each time, so storage never leaks between runs. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'cogflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close(): Promise<void> {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
