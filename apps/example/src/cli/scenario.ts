// What every scenario of the walkthrough shares: its context, a checked claim, and one narrated sign-in.

import type { AuthClient, ChallengeAnswer, NextStep, SignInInput } from '@cogflow/core';
import { signIn as startSignIn } from '@cogflow/core';
import type { TracingTransport } from '../tracing-transport.js';
import type { EmulatorAnswerer } from './answerers.js';
import type { Output } from './output.js';
import { type Answerer, completeSignIn, type SignedIn, showSignedIn } from './sign-in.js';

export interface WalkthroughContext {
  client: AuthClient;
  clientId: string;
  /** The client's own transport, wrapped to narrate; also used for the few calls a signed-in app makes itself. */
  transport: TracingTransport;
  out: Output;
  /** Answers from the emulator; its `script` holds the choices an unattended run makes. */
  emulator: EmulatorAnswerer;
  /** Who answers: the emulator, or a person (--interactive) with the emulator as fallback. */
  answerer: Answerer;
}

/** A claim the walkthrough makes about what happened, checked rather than assumed. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`Walkthrough check failed: ${message}`);
}

export async function signIn(
  ctx: WalkthroughContext,
  input: SignInInput,
  options: { brief?: boolean; onAnswer?: (answer: ChallengeAnswer) => void } = {},
): Promise<{ result: SignedIn; steps: NextStep['type'][]; wire: string[] }> {
  const steps: NextStep['type'][] = [];
  const mark = ctx.transport.events.length;
  const flow = input.flow ?? 'USER_SRP_AUTH';
  ctx.out.note(
    `${input.username} signs in with ${flow}${input.password ? ' (the password stays in this process)' : ''}.`,
  );
  const first = await startSignIn(ctx.client, input);
  const result = await completeSignIn({
    client: ctx.client,
    first,
    answerer: ctx.answerer,
    out: ctx.out,
    username: input.username,
    onStep: (step) => steps.push(step.type),
    ...(options.onAnswer ? { onAnswer: options.onAnswer } : {}),
  });
  showSignedIn(ctx.out, result, options);
  const wire = ctx.transport.events.slice(mark).map((e) => e.outcome);
  return { result, steps, wire };
}
