// InitiateAuth and AdminInitiateAuth: USER_SRP_AUTH, USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, CUSTOM_AUTH, USER_AUTH.
import {
  invalidParameter,
  notAuthorized,
  requireParam,
  requireString,
  resourceNotFound,
} from '../../cognito-exception.js';
import type { EmulatorContext } from '../../context.js';
import { getClient } from '../../pool-helpers.js';
import { refreshWithInitiateAuth } from '../refresh.js';
import { signInAfterSignUp } from './after-sign-up.js';
import { defineNext } from './custom-auth.js';
import { availableFirstFactors, startFirstFactor } from './first-factors.js';
import {
  afterPassword,
  asParams,
  type Call,
  challenge,
  checkPassword,
  checkUsable,
  lookup,
  newContext,
  type Params,
  passwordVerifier,
  requireFlow,
} from './steps.js';

export async function initiateAuth(ctx: EmulatorContext, body: Record<string, unknown>): Promise<unknown> {
  const flow = requireString(body, 'AuthFlow');
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  const call: Call = { ctx, pool, client };
  const params = asParams(body.AuthParameters);
  const clientMetadata = body.ClientMetadata as Record<string, string> | undefined;
  switch (flow) {
    case 'USER_SRP_AUTH': {
      requireFlow(client, 'ALLOW_USER_SRP_AUTH', flow);
      const name = requireParam(params, 'USERNAME');
      const aHex = requireParam(params, 'SRP_A');
      const { user } = lookup(call, name, params.SECRET_HASH);
      const auth = newContext(call, user?.username ?? name, flow, {
        ...(user ? {} : { phantom: true }),
        ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
      });
      return passwordVerifier(call, auth, user, aHex, false);
    }
    case 'USER_PASSWORD_AUTH':
      requireFlow(client, 'ALLOW_USER_PASSWORD_AUTH', flow);
      return plainPasswordSignIn(call, flow, params);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return refreshWithInitiateAuth(ctx, pool, client, params);
    case 'CUSTOM_AUTH': {
      requireFlow(client, 'ALLOW_CUSTOM_AUTH', flow);
      const name = requireParam(params, 'USERNAME');
      const { user } = lookup(call, name, params.SECRET_HASH);
      if (user) checkUsable(user);
      const auth = newContext(call, user?.username ?? name, flow, {
        ...(user ? {} : { phantom: true }),
        ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
        custom: { session: [] },
        ...(clientMetadata ? { clientMetadata } : {}),
      });
      if (params.CHALLENGE_NAME === 'SRP_A') {
        const aHex = requireParam(params, 'SRP_A');
        auth.custom?.session.push({ challengeName: 'SRP_A', challengeResult: true });
        const next = await defineNext(call, auth);
        if (next.kind !== 'PASSWORD_VERIFIER') return next.result;
        return passwordVerifier(call, auth, user, aHex, true);
      }
      const next = await defineNext(call, auth);
      if (next.kind === 'PASSWORD_VERIFIER') throw invalidParameter('Missing required parameter SRP_A');
      return next.result;
    }
    case 'USER_AUTH': {
      requireFlow(client, 'ALLOW_USER_AUTH', flow);
      const name = requireParam(params, 'USERNAME');
      const { user } = lookup(call, name, params.SECRET_HASH);
      if (typeof body.Session === 'string' && body.Session)
        return signInAfterSignUp(call, body.Session, user, params);
      const auth = newContext(call, user?.username ?? name, flow, {
        ...(user ? {} : { phantom: true }),
        ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
      });
      auth.available = availableFirstFactors(pool, user);
      const preferred = params.PREFERRED_CHALLENGE;
      if (preferred && auth.available.includes(preferred))
        return startFirstFactor(call, auth, user, preferred, params);
      return challenge(
        call,
        auth,
        'SELECT_CHALLENGE',
        { USERNAME: auth.username },
        { AvailableChallenges: auth.available },
      );
    }
    case 'ADMIN_NO_SRP_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
      throw invalidParameter(`Initiate Auth method not supported.`);
    default:
      throw invalidParameter(
        `1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set`,
      );
  }
}

/** AdminInitiateAuth: the admin flows plus the public ones. */
export async function adminInitiateAuth(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const flow = requireString(body, 'AuthFlow');
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  if (pool.id !== body.UserPoolId) throw resourceNotFound(`User pool client ${client.id} does not exist.`);
  if (flow !== 'ADMIN_USER_PASSWORD_AUTH' && flow !== 'ADMIN_NO_SRP_AUTH') return initiateAuth(ctx, body);
  requireFlow(client, 'ALLOW_ADMIN_USER_PASSWORD_AUTH', flow);
  return plainPasswordSignIn({ ctx, pool, client }, flow, asParams(body.AuthParameters));
}

/** USER_PASSWORD_AUTH and the admin password flows: the password itself, checked against the SRP verifier. */
async function plainPasswordSignIn(
  call: Call,
  flow: string,
  params: Params,
): Promise<Record<string, unknown>> {
  const name = requireParam(params, 'USERNAME');
  const password = requireParam(params, 'PASSWORD');
  const { user } = lookup(call, name, params.SECRET_HASH);
  if (!user || !(await checkPassword(call, user, password))) throw notAuthorized();
  const auth = newContext(call, user.username, flow, {
    ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
    firstFactor: 'PASSWORD',
  });
  return afterPassword(call, auth, user);
}
