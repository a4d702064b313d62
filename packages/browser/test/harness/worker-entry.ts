// The auth suites' module worker: a sign-in, tokens kept in IndexedDB, there is no window, document or localStorage.

import { createBrowserAuth, indexedDBStore, peekTokens, signIn } from '@cogflow/browser';

interface WorkerRequest {
  signIn?: { endpoint: string; userPoolId: string; clientId: string; username: string; password: string };
}

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event) => {
  const context = {
    hasDocument: typeof (globalThis as { document?: unknown }).document !== 'undefined',
    hasWindow: typeof (globalThis as { window?: unknown }).window !== 'undefined',
    hasLocalStorage: typeof (globalThis as { localStorage?: unknown }).localStorage !== 'undefined',
  };
  try {
    if (event.data.signIn) {
      const { username, password, ...config } = event.data.signIn;
      // A worker has no localStorage: it names its store (IndexedDB, shared with the origin's pages).
      const auth = createBrowserAuth({ ...config, storage: indexedDBStore() });
      const result = await signIn(auth, { username, password });
      const stored = result.status === 'SIGNED_IN' ? await peekTokens(auth, username) : undefined;
      scope.postMessage({ context, status: result.status, storedAccessToken: stored?.accessToken ?? null });
    }
  } catch (error) {
    scope.postMessage({
      context,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
};
