// Tiny assertions for the conformance suites: they throw plain Errors so any runner (vitest, a browser page) reports them.

function show(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 80 ? `${value.slice(0, 40)}...(${value.length} chars)` : value;
    return JSON.stringify(shown);
  }
  if (value === undefined) return 'undefined';
  if (value instanceof Error)
    return `${value.name}(${(value as { code?: unknown }).code ?? ''}): ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

export function fail(message: string): never {
  throw new AssertionError(message);
}

export function assertEqual<T>(actual: unknown, expected: T, what: string): asserts actual is T {
  if (!Object.is(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function assertTrue(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

/** Awaits `promise` and returns what it rejected with; fails when it resolves. */
export async function assertRejects(promise: Promise<unknown>, what: string): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  return fail(`${what}: expected a rejection, it resolved with ${show(value)}`);
}

/** Checks that `error` carries the stable `code` (and, when given, the class `name`) of a CogflowError. */
export function assertErrorCode(error: unknown, code: string, what: string, name?: string): void {
  if (typeof error !== 'object' || error === null)
    fail(`${what}: expected an error with code ${code}, got ${show(error)}`);
  const actual = (error as { code?: unknown }).code;
  if (actual !== code) fail(`${what}: expected code ${code}, got ${show(error)}`);
  if (name !== undefined && (error as { name?: unknown }).name !== name) {
    fail(`${what}: expected a ${name}, got ${show(error)}`);
  }
}
