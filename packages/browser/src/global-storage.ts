// The global localStorage, looked up safely: a worker has none, and a sandboxed or storage-blocked page throws
// SecurityError on the access itself.

export function globalLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
