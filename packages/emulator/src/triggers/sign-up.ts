// The sign-up triggers (developer guide): pre sign-up before a user is created (SignUp, AdminCreateUser), post
// confirmation once an account is confirmed (ConfirmSignUp, AdminConfirmSignUp, an auto-confirmed SignUp) or a
// forgotten password replaced (ConfirmForgotPassword).
import { invalidParameter } from '../cognito-exception.js';
import type { EmulatorContext } from '../context.js';
import type { PoolRecord, UserRecord } from '../state.js';
import { commonEvent, invokeTrigger, stringMap, triggersFor, userAttributesOf } from './invoke.js';
import type { PostConfirmationEvent, PreSignUpEvent } from './types.js';

export type SignUpAnswer = PreSignUpEvent['response'];

/**
 * Runs pre sign-up for a user about to be created from `body` (its UserAttributes, ValidationData, ClientMetadata).
 * A throw stops the sign-up before anything is stored. For AdminCreateUser the answer is ignored, as on the service.
 */
export async function preSignUp(
  ctx: EmulatorContext,
  pool: PoolRecord,
  opts: {
    source: PreSignUpEvent['triggerSource'];
    name: string;
    clientId?: string;
    attributes: Record<string, string>;
    body: Record<string, unknown>;
  },
): Promise<SignUpAnswer> {
  const trigger = triggersFor(ctx, pool).preSignUp;
  if (!trigger) return {};
  const validationData = stringMap(opts.body.ValidationData);
  const clientMetadata = stringMap(opts.body.ClientMetadata);
  const event: PreSignUpEvent = {
    ...commonEvent(ctx, pool, { userName: opts.name, clientId: opts.clientId, triggerSource: opts.source }),
    request: {
      userAttributes: { ...opts.attributes },
      ...(validationData ? { validationData } : {}),
      ...(clientMetadata ? { clientMetadata } : {}),
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  };
  const answer = (await invokeTrigger(trigger, event, 'PreSignUp')).response;
  if (opts.source === 'PreSignUp_AdminCreateUser') return {};
  // The guide: auto-verifying an attribute the user does not have fails the sign-up.
  if (answer.autoVerifyEmail === true && !opts.attributes.email)
    throw invalidParameter('The pre sign-up trigger auto-verified an email the user does not have.');
  if (answer.autoVerifyPhone === true && !opts.attributes.phone_number)
    throw invalidParameter('The pre sign-up trigger auto-verified a phone_number the user does not have.');
  return {
    autoConfirmUser: answer.autoConfirmUser === true,
    autoVerifyEmail: answer.autoVerifyEmail === true,
    autoVerifyPhone: answer.autoVerifyPhone === true,
  };
}

/** Applies the auto-verify half of a pre sign-up answer to the user just created. */
export function markAutoVerified(user: UserRecord, answer: SignUpAnswer): void {
  if (answer.autoVerifyEmail) user.attributes.email_verified = 'true';
  if (answer.autoVerifyPhone) user.attributes.phone_number_verified = 'true';
}

const CONFIRMING: Record<string, PostConfirmationEvent['triggerSource']> = {
  SignUp: 'PostConfirmation_ConfirmSignUp',
  ConfirmSignUp: 'PostConfirmation_ConfirmSignUp',
  AdminConfirmSignUp: 'PostConfirmation_ConfirmSignUp',
  ConfirmForgotPassword: 'PostConfirmation_ConfirmForgotPassword',
};

/**
 * After an operation that confirmed a user: post confirmation. The user stays confirmed if it throws (the
 * confirmation already happened); the caller gets UserLambdaValidationException.
 */
export async function afterConfirmation(
  ctx: EmulatorContext,
  operation: string,
  body: Record<string, unknown>,
  result: unknown,
): Promise<void> {
  const source = CONFIRMING[operation];
  if (!source) return;
  if (operation === 'SignUp' && (result as { UserConfirmed?: unknown } | undefined)?.UserConfirmed !== true)
    return;
  const client = typeof body.ClientId === 'string' ? ctx.store.clients.get(body.ClientId) : undefined;
  const poolId = client?.poolId ?? (typeof body.UserPoolId === 'string' ? body.UserPoolId : undefined);
  const pool = poolId ? ctx.store.pools.get(poolId) : undefined;
  if (!pool || typeof body.Username !== 'string') return;
  const trigger = triggersFor(ctx, pool).postConfirmation;
  const user = ctx.store.findUser(pool, body.Username);
  if (!trigger || !user) return;
  const clientMetadata = stringMap(body.ClientMetadata);
  await invokeTrigger(
    trigger,
    {
      ...commonEvent(ctx, pool, { userName: user.username, clientId: client?.id, triggerSource: source }),
      request: { userAttributes: userAttributesOf(user), ...(clientMetadata ? { clientMetadata } : {}) },
      response: {},
    },
    'PostConfirmation',
  );
}
