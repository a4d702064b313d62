// InitiateAuth USER_AUTH with the Session of ConfirmSignUp: the confirmation code was the first factor, so the user
// signs in without another (AWS API reference, InitiateAuth `Session`): once, within that Session's lifetime.
import { notAuthorized } from '../../cognito-exception.js';
import type { UserRecord } from '../../state.js';
import { SIGN_IN_AFTER_SIGN_UP } from '../sign-up.js';
import { afterPassword, type Call, type Params } from './steps.js';

export function signInAfterSignUp(
  call: Call,
  session: string,
  user: UserRecord | undefined,
  params: Params,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  // peek refuses an unknown, spent, expired (its own message) or foreign-client session.
  const auth = call.ctx.sessions.peek(session, call.client.id, SIGN_IN_AFTER_SIGN_UP);
  if (!user || user.username !== auth.username || auth.poolId !== call.pool.id)
    throw notAuthorized('Invalid session for the user.');
  call.ctx.sessions.consume(session);
  auth.flow = 'USER_AUTH';
  auth.firstFactor = 'PASSWORDLESS';
  if (params.DEVICE_KEY) auth.deviceKey = params.DEVICE_KEY;
  return afterPassword(call, auth, user);
}
