// A DOM event raced against a timer: whichever comes first settles the wait, and both are removed either way.

/**
 * Resolves true when `target` fires `type` with an event `accept` takes, or false once `ms` have passed. An undefined
 * target (no signal given) only waits.
 */
export function waitForEvent(
  target: EventTarget | undefined,
  type: string,
  ms: number,
  accept: (event: Event) => boolean = () => true,
): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (fired: boolean): void => {
      clearTimeout(timer);
      target?.removeEventListener(type, listener);
      resolve(fired);
    };
    const listener = (event: Event): void => {
      if (accept(event)) settle(true);
    };
    const timer = setTimeout(settle, ms, false);
    target?.addEventListener(type, listener);
  });
}
