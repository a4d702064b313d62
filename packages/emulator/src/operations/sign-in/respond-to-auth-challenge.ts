import { userPoolName } from '@cogflow/core';
import { attributeValue, checkAttributeName } from '../../attribute-names.js';
import {
  CognitoException,
  codeMismatch,
  invalidParameter,
  notAuthorized,
  requireParam,
  requireString,
  resourceNotFound,
} from '../../cognito-exception.js';
import type { EmulatorContext } from '../../context.js';
import { checkPasswordPolicy, checkSecretHash, getClient, ownedDevice } from '../../pool-helpers.js';
import type { AuthContext } from '../../sessions.js';
import { createVerifier, isUsableVerifier, openSRPExchange } from '../../srp-server.js';
import type { UserRecord } from '../../state.js';
import { triggersFor } from '../../triggers/invoke.js';
import type { MfaType } from '../../types.js';
import { checkClientMayWrite, checkDefined } from '../../user-schema.js';
import { verifyWebAuthnSignIn } from '../webauthn.js';
import { defineNext, runHook, triggerEvent } from './custom-auth.js';
import { finish } from './finish.js';
import { startFirstFactor } from './first-factors.js';
import {
  afterMfa,
  afterPassword,
  asParams,
  assertNotLocked,
  type Call,
  challenge,
  checkClaim,
  checkTotp,
  checkUsable,
  deviceStep,
  enabledMfas,
  issueMfa,
  type Params,
  recordPasswordFailure,
  requiredAttributes,
  userOf,
} from './steps.js';

export async function respondToAuthChallenge(
  ctx: EmulatorContext,
  body: Record<string, unknown>,
): Promise<unknown> {
  const name = requireString(body, 'ChallengeName');
  const { client, pool } = getClient(ctx, requireString(body, 'ClientId'));
  const call: Call = { ctx, pool, client };
  const responses = asParams(body.ChallengeResponses);
  const session = typeof body.Session === 'string' ? body.Session : undefined;

  if (name === 'PASSWORD_VERIFIER') {
    const block = requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
    const auth = ctx.sessions.peekSecretBlock(block, client.id, 'PASSWORD_VERIFIER');
    ctx.sessions.consumeSecretBlock(block);
    ctx.sessions.consume(session);
    const user = auth.phantom ? undefined : ctx.store.getUser(pool.id, auth.username);
    const named = requireParam(responses, 'USERNAME');
    checkSecretHash(client, responses.SECRET_HASH, named);
    if (user && ctx.store.findUser(pool, named)?.username !== user.username) throw notAuthorized();
    if (user) assertNotLocked(call, user);
    const ok = await checkClaim(auth, responses);
    if (!user || !ok) {
      if (user) recordPasswordFailure(call, user);
      throw notAuthorized();
    }
    user.failedSignIns = 0;
    checkUsable(user);
    if (responses.DEVICE_KEY) auth.deviceKey = responses.DEVICE_KEY;
    delete auth.srp;
    auth.firstFactor = 'PASSWORD';
    if (auth.flow === 'CUSTOM_AUTH') {
      auth.custom?.session.push({ challengeName: 'PASSWORD_VERIFIER', challengeResult: true });
      if (auth.deviceKey && pool.deviceConfiguration) ownedDevice(ctx, pool, user, auth.deviceKey);
      return defineAfterAnswer(call, auth);
    }
    return afterPassword(call, auth, user);
  }

  const auth = ctx.sessions.peek(session, client.id, name);
  // The hooks see the ClientMetadata of the call that triggered them.
  if (body.ClientMetadata && typeof body.ClientMetadata === 'object')
    auth.clientMetadata = body.ClientMetadata as Record<string, string>;
  const user = userOf(call, auth);
  // The API reference: every challenge answer carries USERNAME (and SECRET_HASH over it for a client with a secret);
  // it must name the session's user, by its username or by a sign-in alias.
  const named = requireParam(responses, 'USERNAME');
  checkSecretHash(client, responses.SECRET_HASH, named);
  if (ctx.store.findUser(pool, named)?.username !== user.username) {
    throw notAuthorized('Invalid session for the user.');
  }

  switch (name) {
    case 'DEVICE_SRP_AUTH': {
      const deviceKey = requireParam(responses, 'DEVICE_KEY');
      const aHex = requireParam(responses, 'SRP_A');
      const device = ownedDevice(ctx, pool, user, deviceKey);
      if (!isUsableVerifier(device.verifier) || !device.salt)
        throw resourceNotFound('Device does not exist.');
      // The device this sign-in presented (InitiateAuth's DEVICE_KEY) answers, not another of the user's.
      if (deviceKey !== auth.deviceKey) throw notAuthorized();
      const srp = openSRPExchange(aHex, {
        verifier: device.verifier,
        realm: device.groupKey,
        id: device.key,
      });
      ctx.sessions.consume(session);
      for (const other of auth.deviceSessions ?? []) ctx.sessions.consume(other);
      delete auth.deviceSessions;
      auth.srp = srp;
      return challenge(call, auth, 'DEVICE_PASSWORD_VERIFIER', {
        USERNAME: auth.username,
        DEVICE_KEY: device.key,
        SALT: device.salt,
        SRP_B: srp.B,
        SECRET_BLOCK: srp.secretBlock,
      });
    }
    case 'DEVICE_PASSWORD_VERIFIER': {
      const block = requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
      ctx.sessions.consume(session);
      if (!auth.srp || block !== auth.srp.secretBlock || !(await checkClaim(auth, responses)))
        throw notAuthorized();
      if (responses.DEVICE_KEY && responses.DEVICE_KEY !== auth.deviceKey) throw notAuthorized();
      delete auth.srp;
      auth.deviceVerified = true;
      // The device's proof is the last step: MFA came before it, or the remembered device stands in for it.
      return finish(call, auth, user);
    }
    case 'NEW_PASSWORD_REQUIRED': {
      const password = requireParam(responses, 'NEW_PASSWORD');
      checkPasswordPolicy(pool, password);
      const updates: Record<string, string> = {};
      for (const [k, v] of Object.entries(responses)) {
        if (!k.startsWith('userAttributes.')) continue;
        const name = checkAttributeName(k.slice('userAttributes.'.length));
        checkClientMayWrite(name);
        checkDefined(pool, name);
        updates[name] = v;
      }
      const missing = requiredAttributes(pool).filter(
        (a) => !attributeValue(user.attributes, a) && !attributeValue(updates, a),
      );
      if (missing.length > 0) throw invalidParameter(`Missing required attribute ${missing[0]}`);
      // Spent before the hashing awaits, so a replay of this session is refused; the user changes in one step after.
      ctx.sessions.consume(session);
      const verifier = await createVerifier(userPoolName(pool.id), user.username, password);
      Object.assign(user.attributes, updates);
      user.password = verifier;
      user.status = 'CONFIRMED';
      delete user.temporaryPasswordExpiresAt;
      user.modifiedAt = ctx.now();
      return deviceStep(call, auth, user);
    }
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const param =
        name === 'SMS_MFA' ? 'SMS_MFA_CODE' : name === 'EMAIL_OTP' ? 'EMAIL_OTP_CODE' : 'SMS_OTP_CODE';
      const code = requireParam(responses, param);
      if (!auth.code || code !== auth.code.value) {
        ctx.sessions.wrongCode(session, auth);
        throw codeMismatch('Invalid code or auth state for the user.');
      }
      ctx.sessions.consume(session);
      const kind = auth.code.kind;
      delete auth.code;
      // A code that reached the mailbox proves the address.
      if (kind === 'EMAIL_OTP_SIGN_IN') user.attributes.email_verified = 'true';
      if (kind === 'SMS_OTP') user.attributes.phone_number_verified = 'true';
      // A passwordless first factor (USER_AUTH): the device comes next, as after a password.
      if (kind === 'EMAIL_OTP_SIGN_IN' || kind === 'SMS_OTP') {
        if (responses.DEVICE_KEY) auth.deviceKey = responses.DEVICE_KEY;
        return deviceStep(call, auth, user);
      }
      return afterSecondFactor(call, auth, user, name, { responses, session });
    }
    case 'SOFTWARE_TOKEN_MFA': {
      const code = requireParam(responses, 'SOFTWARE_TOKEN_MFA_CODE');
      checkTotp(ctx, user, code, () => ctx.sessions.wrongCode(session, auth));
      ctx.sessions.consume(session);
      return afterSecondFactor(call, auth, user, name, { responses, session });
    }
    case 'SELECT_MFA_TYPE': {
      const answer = requireParam(responses, 'ANSWER');
      const methods = enabledMfas(pool, user);
      if (!methods.includes(answer as MfaType)) throw invalidParameter('Invalid MFA type selected');
      ctx.sessions.consume(session);
      return issueMfa(call, auth, user, answer as MfaType);
    }
    case 'MFA_SETUP': {
      if (auth.mfaSetupVerified && auth.mfaSetupSecret) {
        ctx.sessions.consume(session);
        user.totp = {
          secret: auth.mfaSetupSecret,
          verified: true,
          ...(auth.mfaSetupCounter !== undefined ? { lastCounter: auth.mfaSetupCounter } : {}),
          ...(auth.mfaSetupName ? { friendlyName: auth.mfaSetupName } : {}),
        };
        user.mfa.totp = true;
        if (!user.mfa.preferred) user.mfa.preferred = 'SOFTWARE_TOKEN_MFA';
        return afterMfa(call, auth, user, { responses, session });
      }
      if (responses.EMAIL && pool.enabledMfas.includes('EMAIL_OTP')) {
        ctx.sessions.consume(session);
        user.attributes.email = responses.EMAIL;
        user.mfa.email = true;
        return issueMfa(call, auth, user, 'EMAIL_OTP');
      }
      throw new CognitoException(
        'EnableSoftwareTokenMFAException',
        'Software token MFA has not been verified for this session.',
      );
    }
    case 'CUSTOM_CHALLENGE': {
      const answer = requireParam(responses, 'ANSWER');
      const verify = triggerEvent(call, auth, user, 'VerifyAuthChallengeResponse_Authentication');
      verify.request.privateChallengeParameters = auth.custom?.privateParams ?? {};
      verify.request.challengeAnswer = answer;
      const verified = await runHook(
        triggersFor(ctx, pool).verifyAuthChallengeResponse,
        verify,
        'VerifyAuthChallengeResponse',
      );
      ctx.sessions.consume(session);
      const meta = auth.challengeMetadata;
      auth.custom?.session.push({
        challengeName: 'CUSTOM_CHALLENGE',
        challengeResult: verified.response.answerCorrect === true,
        ...(meta ? { challengeMetadata: meta } : {}),
      });
      return defineAfterAnswer(call, auth);
    }
    case 'SELECT_CHALLENGE': {
      const answer = requireParam(responses, 'ANSWER');
      if (!auth.available?.includes(answer)) throw invalidParameter(`Invalid challenge ${answer}`);
      ctx.sessions.consume(session);
      return startFirstFactor(call, auth, user, answer, responses);
    }
    case 'WEB_AUTHN': {
      const credential = requireParam(responses, 'CREDENTIAL');
      if (!auth.webauthnChallenge) throw notAuthorized();
      ctx.sessions.consume(session);
      await verifyWebAuthnSignIn(pool, user, credential, auth.webauthnChallenge);
      return finish(call, auth, user);
    }
    default:
      throw invalidParameter(`Invalid challenge name ${name}`);
  }
}

async function afterSecondFactor(
  call: Call,
  auth: AuthContext,
  user: UserRecord,
  challengeName: string,
  answer: { responses: Params; session: string | undefined },
): Promise<Record<string, unknown>> {
  if (auth.flow !== 'CUSTOM_AUTH') return afterMfa(call, auth, user, answer);
  auth.custom?.session.push({ challengeName, challengeResult: true });
  return defineAfterAnswer(call, auth);
}

/** CUSTOM_AUTH after an answered challenge: the define hook's next step, which may not be PASSWORD_VERIFIER again. */
async function defineAfterAnswer(call: Call, auth: AuthContext): Promise<Record<string, unknown>> {
  const next = await defineNext(call, auth);
  if (next.kind === 'PASSWORD_VERIFIER')
    throw new CognitoException('InvalidLambdaResponseException', 'Invalid lambda response');
  return next.result;
}
