// The ports suites' module worker: store conformance where there is no window, document or localStorage.

import { runStoreSuite, type StoreKind } from './suites.js';

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<{ suite: StoreKind }>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event) => {
  const context = {
    hasDocument: typeof (globalThis as { document?: unknown }).document !== 'undefined',
    hasWindow: typeof (globalThis as { window?: unknown }).window !== 'undefined',
    hasLocalStorage: typeof (globalThis as { localStorage?: unknown }).localStorage !== 'undefined',
  };
  try {
    scope.postMessage({ context, results: await runStoreSuite(event.data.suite) });
  } catch (error) {
    scope.postMessage({
      context,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
};
