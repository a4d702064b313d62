// Runs one operation with the pool's triggers around it: migration and pre authentication before it, custom
// messages while it runs, pre token generation, post authentication and post confirmation once it succeeded.
import type { EmulatorContext, Handler } from '../context.js';
import { beforeForgotPassword, beforeSignIn, postAuthentication } from './authentication.js';
import { customMessageDeliver, type MessageScope } from './custom-message.js';
import { triggersFor } from './invoke.js';
import { afterConfirmation } from './sign-up.js';
import { customizeTokens, tokenSourceOf } from './token-generation.js';

const SIGN_IN = new Set([
  'InitiateAuth',
  'AdminInitiateAuth',
  'RespondToAuthChallenge',
  'AdminRespondToAuthChallenge',
  'GetTokensFromRefreshToken',
]);

interface TokenAnswer {
  AuthenticationResult?: {
    IdToken?: string;
    AccessToken?: string;
    NewDeviceMetadata?: unknown;
  };
}

function claimsOf(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

/** After an operation answered with tokens: post authentication (sign-ins only), then pre token generation. */
async function afterTokens(
  ctx: EmulatorContext,
  operation: string,
  body: Record<string, unknown>,
  result: unknown,
): Promise<void> {
  if (!SIGN_IN.has(operation)) return;
  const auth = (result as TokenAnswer | undefined)?.AuthenticationResult;
  if (!auth?.IdToken || !auth.AccessToken) return;
  const client = typeof body.ClientId === 'string' ? ctx.store.clients.get(body.ClientId) : undefined;
  const pool = client ? ctx.store.pools.get(client.poolId) : undefined;
  if (!client || !pool) return;
  const set = triggersFor(ctx, pool);
  const source = tokenSourceOf(operation, body);
  if (source !== 'TokenGeneration_RefreshTokens') {
    const id = claimsOf(auth.IdToken);
    await postAuthentication(ctx, pool, set, {
      clientId: client.id,
      username: String(id['cognito:username'] ?? ''),
      originJti: String(id.origin_jti ?? ''),
      newDeviceUsed: auth.NewDeviceMetadata !== undefined,
      clientMetadata: body.ClientMetadata,
    });
  }
  const tokens = await customizeTokens(
    ctx,
    pool,
    { IdToken: auth.IdToken, AccessToken: auth.AccessToken },
    { clientId: client.id, source, clientMetadata: body.ClientMetadata, set },
  );
  if (tokens.IdToken) auth.IdToken = tokens.IdToken;
  auth.AccessToken = tokens.AccessToken;
}

/** Runs `handler` for `operation` with the triggers around it; the answer waits for every trigger it started. */
export async function runWithTriggers(
  base: EmulatorContext,
  operation: string,
  body: Record<string, unknown>,
  handler: Handler,
): Promise<unknown> {
  const scope: MessageScope = {
    operation,
    ...(typeof body.ClientId === 'string' ? { clientId: body.ClientId } : {}),
    clientMetadata: body.ClientMetadata,
    tasks: [],
  };
  const ctx: EmulatorContext = { ...base, deliver: customMessageDeliver(base, scope) };
  await beforeSignIn(ctx, operation, body);
  if (operation === 'ForgotPassword') await beforeForgotPassword(ctx, body);
  let result: unknown;
  try {
    result = await handler(ctx, body);
  } catch (err) {
    await Promise.allSettled(scope.tasks);
    throw err;
  }
  await Promise.all(scope.tasks);
  await afterTokens(ctx, operation, body, result);
  await afterConfirmation(ctx, operation, body, result);
  return result;
}
