// Holding an HTML or OAuth answer of the user-pool domain until the journal has what the request changed, as the
// JSON API's answers wait (server.ts `durable`).
import type { ServerResponse } from 'node:http';

/**
 * Holds an answer's end (headers and body go out with it) until the request's changes are durable. When they cannot
 * be written the connection is closed unanswered: the change was never acknowledged.
 */
export function endWhenDurable(deps: { changed(): Promise<void> }, res: ServerResponse): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    deps.changed().then(
      () => end(...args),
      (err: unknown) => {
        console.error('[cogflow-emulator]', err instanceof Error ? err.message : err);
        res.destroy();
      },
    );
    return res;
  }) as ServerResponse['end'];
}
