// The custom message trigger (developer guide): every SMS and e-mail an operation sends goes through the pool's
// function, which may rewrite its text around the `{####}` placeholder before it reaches the inbox.
import type { EmulatorContext } from '../context.js';
import { commonEvent, invokeTrigger, stringMap, triggersFor, userAttributesOf } from './invoke.js';
import type { CustomMessageEvent, CustomMessageSource } from './types.js';

const CODE = '{####}';
const USERNAME = '{username}';

/** What the request that sends the message is: the operation, its app client and ClientMetadata. */
export interface MessageScope {
  operation: string;
  clientId?: string;
  clientMetadata?: unknown;
  /** The triggers started by this request: the answer waits for them. */
  tasks: Promise<void>[];
}

type Delivery = Parameters<EmulatorContext['deliver']>[0];

export function messageSourceOf(operation: string, kind: string): CustomMessageSource {
  if (kind === 'INVITATION') return 'CustomMessage_AdminCreateUser';
  if (operation === 'ResendConfirmationCode') return 'CustomMessage_ResendCode';
  if (kind === 'SIGN_UP') return 'CustomMessage_SignUp';
  if (kind === 'FORGOT_PASSWORD') return 'CustomMessage_ForgotPassword';
  if (kind.startsWith('VERIFY_'))
    return operation === 'GetUserAttributeVerificationCode'
      ? 'CustomMessage_VerifyUserAttribute'
      : 'CustomMessage_UpdateUserAttribute';
  return 'CustomMessage_Authentication';
}

/** The emulator's default texts (the pool's message templates, which the emulator does not let you set). */
function defaults(source: CustomMessageSource): { message: string; subject: string } {
  if (source === 'CustomMessage_AdminCreateUser')
    return {
      message: `Your username is ${USERNAME} and temporary password is ${CODE}.`,
      subject: 'Your temporary password',
    };
  if (source === 'CustomMessage_Authentication')
    return { message: `Your authentication code is ${CODE}.`, subject: 'Your authentication code' };
  return { message: `Your verification code is ${CODE}.`, subject: 'Your verification code' };
}

function fill(template: string, code: string, username: string): string {
  return template.split(CODE).join(code).split(USERNAME).join(username);
}

/**
 * A deliver that writes the default text, then, when the pool has a custom message trigger, lets it rewrite the
 * text; a message without the code placeholder keeps the default (the code must reach the user).
 */
export function customMessageDeliver(base: EmulatorContext, scope: MessageScope): EmulatorContext['deliver'] {
  return (m: Delivery): void => {
    const source = messageSourceOf(scope.operation, m.kind);
    const text = defaults(source);
    const record: Delivery = {
      ...m,
      message: fill(text.message, m.code, m.username),
      ...(m.medium === 'EMAIL' ? { subject: text.subject } : {}),
    };
    base.deliver(record);
    const pool = base.store.pools.get(m.poolId);
    const user = pool ? base.store.getUser(pool.id, m.username) : undefined;
    const trigger = pool ? triggersFor(base, pool).customMessage : undefined;
    if (!pool || !user || !trigger) return;
    // The record just stored, to rewrite in place once the trigger answers.
    const stored = base.store.messages.at(-1);
    const metadata = stringMap(scope.clientMetadata);
    const event: CustomMessageEvent = {
      ...commonEvent(base, pool, {
        userName: user.username,
        clientId: scope.clientId,
        triggerSource: source,
      }),
      request: {
        userAttributes: userAttributesOf(user),
        codeParameter: CODE,
        usernameParameter: source === 'CustomMessage_AdminCreateUser' ? USERNAME : null,
        linkParameter: null,
        ...(metadata ? { clientMetadata: metadata } : {}),
      },
      response: { smsMessage: null, emailMessage: null, emailSubject: null },
    };
    const task = invokeTrigger(trigger, event, 'CustomMessage').then((answer) => {
      if (!stored || stored.code !== m.code) return;
      const r = answer.response;
      const body = m.medium === 'EMAIL' ? r.emailMessage : r.smsMessage;
      if (typeof body === 'string' && body.includes(CODE)) stored.message = fill(body, m.code, m.username);
      if (m.medium === 'EMAIL' && typeof r.emailSubject === 'string' && r.emailSubject)
        stored.subject = r.emailSubject;
    });
    // Awaited by the request (settle); this handler only keeps an early rejection from being reported as unhandled.
    task.catch(() => undefined);
    scope.tasks.push(task);
  };
}
