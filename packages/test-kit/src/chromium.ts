/// <reference types="node" />
// Launches Debian's headless Chromium through playwright-core for the browser suites and the example's page test,
// or says why it cannot. Node only: a separate entry point (`@cogflow/test-kit/chromium`), never in a page bundle.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Whether the Chromium suites run; without Chromium they skip (saying so, under `who`), unless CI demands it
 * (COGFLOW_REQUIRE_BROWSER=1): then a missing Chromium fails.
 */
export function chromiumAvailable(who: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.COGFLOW_REQUIRE_BROWSER === '1') {
    throw new Error(`COGFLOW_REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} is missing: install Debian's chromium`);
  }
  console.warn(`[${who}] skipping the Chromium tests: ${CHROMIUM_PATH} is missing`);
  return false;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface LaunchChromiumOptions {
  viewport?: { width: number; height: number };
}

/** A fresh profile each time, so storage never leaks between runs (and the service sees a new device). */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'cogflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...(options.viewport ? { viewport: options.viewport } : {}),
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
