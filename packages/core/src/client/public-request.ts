// Sending an account request made without tokens (SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword,
// ConfirmForgotPassword): ClientId, the input's Username with SECRET_HASH over it, the pass-through metadata.

import { answerOf } from '../account/parse.js';
import { publicRequest } from '../account/requests.js';
import type { AccountRequestOptions } from '../account/types.js';
import type { OperationName } from '../protocol/operations.js';
import type { AuthCore } from './context.js';
import { send } from './records.js';

/**
 * Sends `operation` with `fields` and the input's username and metadata; the answer comes back as an object (or a
 * ProtocolError). Never retried by the transport: each of these may send a code or use one up.
 */
export async function sendPublic(
  core: AuthCore,
  operation: OperationName,
  input: AccountRequestOptions & { username?: unknown },
  fields: object,
): Promise<Record<string, unknown>> {
  const body = await publicRequest(core.env, input.username, input, fields);
  return answerOf(operation, await send(core, operation, body as never, false, input.signal));
}
