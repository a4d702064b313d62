// The machine bound to its environment, for callers who want xstate's shape: `machine.transition(snapshot, event)`.

import { initialSnapshot, transition } from './transition.js';
import type { MachineEnv, SignInEvent, Snapshot, TransitionResult } from './types.js';

export interface SignInMachine {
  readonly initial: Snapshot;
  transition(snapshot: Snapshot, event: SignInEvent): Promise<TransitionResult>;
}

/**
 * Binds configuration and the deterministic ports once; with fixed Random and Clock, `transition` is pure. It is
 * async only because the Hash port may be (WebCrypto): it performs no I/O.
 */
export function createSignInMachine(env: MachineEnv): SignInMachine {
  return {
    initial: initialSnapshot(),
    transition: (snapshot, event) => transition(snapshot, event, env),
  };
}
