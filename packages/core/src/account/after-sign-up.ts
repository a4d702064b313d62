// The sign-in straight after sign-up as the machine's first step: a USER_AUTH start without a password (the
// confirmation code was the first factor) whose InitiateAuth carries ConfirmSignUp's Session (AWS API reference,
// InitiateAuth `Session`). The Session goes on the wire only: it never reaches a state.

import { InputError } from '../errors.js';
import { initialSnapshot, transition } from '../machine/transition.js';
import type { DeviceSecrets, MachineEnv, StartInput, TransitionResult } from '../machine/types.js';

export async function signInAfterSignUp(
  input: StartInput,
  device: DeviceSecrets | undefined,
  session: string,
  env: MachineEnv,
): Promise<TransitionResult> {
  if (typeof session !== 'string' || !session)
    throw new InputError('The sign-up Session is missing: call autoSignIn after confirmSignUp');
  const { password: _password, preferredChallenge: _preferred, ...rest } = input;
  const start = { ...rest, flow: 'USER_AUTH' as const };
  const first = await transition(initialSnapshot(), { type: 'start', input: start, device }, env);
  for (const effect of first.effects)
    if (effect.type === 'send' && effect.operation === 'InitiateAuth') effect.body.Session = session;
  return first;
}
