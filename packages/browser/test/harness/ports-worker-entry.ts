// The ports suites' module worker: store conformance and the WebCrypto hash where there is no window, document or
// localStorage.

import { type HashCase, runHashCases } from './hash-cases.js';
import { runStoreSuite, type StoreKind } from './suites.js';

type Message = { suite: StoreKind } | { hashCases: HashCase[] };

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<Message>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event) => {
  const context = {
    hasDocument: typeof (globalThis as { document?: unknown }).document !== 'undefined',
    hasWindow: typeof (globalThis as { window?: unknown }).window !== 'undefined',
    hasLocalStorage: typeof (globalThis as { localStorage?: unknown }).localStorage !== 'undefined',
  };
  if ('hashCases' in event.data) {
    scope.postMessage({ context, ...(await runHashCases(event.data.hashCases)) });
    return;
  }
  try {
    scope.postMessage({ context, results: await runStoreSuite(event.data.suite) });
  } catch (error) {
    scope.postMessage({
      context,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
};
