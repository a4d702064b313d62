// Calls listeners the way core's client does: one that throws stops neither the others nor whoever emitted.

export function notify<E>(listeners: Set<(event: E) => void>, event: E): void {
  // A copy: a listener may unsubscribe itself or another while it runs.
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch {
      // A listener's failure is its own.
    }
  }
}
