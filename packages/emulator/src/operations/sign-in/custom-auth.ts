// CUSTOM_AUTH: the define / create / verify hooks with Lambda-shaped events (developer guide, custom auth triggers).
import { CognitoException, notAuthorized } from '../../cognito-exception.js';
import type { AuthContext } from '../../sessions.js';
import type { UserRecord } from '../../state.js';
import { invokeTrigger, triggersFor } from '../../triggers/invoke.js';
import type { CustomAuthEvent } from '../../types.js';

import { type Call, challenge, deviceStep, issueMfa } from './steps.js';

export function triggerEvent(
  call: Call,
  auth: AuthContext,
  user: UserRecord | undefined,
  source: CustomAuthEvent['triggerSource'],
): CustomAuthEvent {
  const attributes: Record<string, string> = user
    ? { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status }
    : {};
  return {
    version: '1',
    region: call.ctx.region,
    userPoolId: call.pool.id,
    userName: auth.username,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: call.client.id },
    triggerSource: source,
    request: {
      userAttributes: attributes,
      ...(auth.phantom ? { userNotFound: true } : {}),
      ...(auth.clientMetadata ? { clientMetadata: auth.clientMetadata } : {}),
    },
    response: {},
  };
}

export async function runHook(
  hook: ((e: CustomAuthEvent) => unknown) | undefined,
  event: CustomAuthEvent,
  name: string,
): Promise<CustomAuthEvent> {
  if (!hook)
    throw new CognitoException(
      'InvalidLambdaResponseException',
      `${name} trigger is not configured for the user pool.`,
    );
  return invokeTrigger(hook, event, name);
}

export type DefineOutcome =
  | { kind: 'PASSWORD_VERIFIER' }
  | { kind: 'OTHER'; result: Record<string, unknown> };

export async function defineNext(call: Call, auth: AuthContext): Promise<DefineOutcome> {
  const user = auth.phantom ? undefined : call.ctx.store.getUser(auth.poolId, auth.username);
  const event = triggerEvent(call, auth, user, 'DefineAuthChallenge_Authentication');
  event.request.session = [...(auth.custom?.session ?? [])];
  const defined = await runHook(
    triggersFor(call.ctx, call.pool).defineAuthChallenge,
    event,
    'DefineAuthChallenge',
  );
  const r = defined.response;
  if (r.failAuthentication) throw notAuthorized();
  if (r.issueTokens) {
    if (!user) throw notAuthorized();
    // The hooks decided, so no MFA follows; a remembered device still proves itself, as after a password.
    auth.firstFactor = 'PASSWORDLESS';
    return { kind: 'OTHER', result: deviceStep(call, auth, user) };
  }
  if (r.challengeName === 'PASSWORD_VERIFIER') return { kind: 'PASSWORD_VERIFIER' };
  if (
    user &&
    (r.challengeName === 'SMS_MFA' ||
      r.challengeName === 'SOFTWARE_TOKEN_MFA' ||
      r.challengeName === 'EMAIL_OTP')
  ) {
    // The define hook may ask for one of the user's MFA factors; its answer goes back to the hook.
    return { kind: 'OTHER', result: issueMfa(call, auth, user, r.challengeName) };
  }
  if (r.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new CognitoException(
      'InvalidLambdaResponseException',
      'Invalid lambda response: unsupported challengeName',
    );
  }
  const create = triggerEvent(call, auth, user, 'CreateAuthChallenge_Authentication');
  create.request.challengeName = 'CUSTOM_CHALLENGE';
  create.request.session = [...(auth.custom?.session ?? [])];
  const created = await runHook(
    triggersFor(call.ctx, call.pool).createAuthChallenge,
    create,
    'CreateAuthChallenge',
  );
  const custom = auth.custom ?? { session: [] };
  custom.privateParams = created.response.privateChallengeParameters ?? {};
  auth.custom = custom;
  if (created.response.challengeMetadata) auth.challengeMetadata = created.response.challengeMetadata;
  else delete auth.challengeMetadata;
  return {
    kind: 'OTHER',
    result: challenge(call, auth, 'CUSTOM_CHALLENGE', {
      ...(created.response.publicChallengeParameters ?? {}),
      USERNAME: auth.username,
    }),
  };
}
