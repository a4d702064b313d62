// The shape of a conformance case: a named async check that throws on failure, runnable by any test framework.

export type MaybePromise<T> = T | Promise<T>;

export interface ConformanceCase {
  /** A sentence naming the property checked, e.g. `get of a missing key is undefined`. */
  name: string;
  /** Resolves when the property holds; rejects with an Error whose message says what differed. */
  run(): Promise<void>;
}

/** Waits `ms` milliseconds of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
