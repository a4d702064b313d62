// The signed-in user's attributes: fetchUserAttributes (GetUser), updateUserAttributes, the verification of an
// e-mail or phone (GetUserAttributeVerificationCode, VerifyUserAttribute), deleteUserAttributes.

import { answerOf, attributeMapOf, codeDeliveryOf, malformed } from '../account/parse.js';
import { attributeList, inputOf, required } from '../account/requests.js';
import type {
  AccountCallOptions,
  AttributeKeyInput,
  CodeDeliveryDetails,
  ConfirmUserAttributeInput,
  DeleteUserAttributesInput,
  UpdateUserAttributesInput,
  UpdateUserAttributesResult,
  UserAttributes,
} from '../account/types.js';
import { mustBe } from '../errors.js';
import type { AuthClient } from '../types.js';
import { withAccessToken } from './access.js';

/** The user's attributes by name (`sub`, `email`, `email_verified`, `custom:...`), from GetUser. */
export async function fetchUserAttributes(
  auth: AuthClient,
  username: string,
  options?: AccountCallOptions,
): Promise<UserAttributes> {
  const { answer } = await withAccessToken(auth, username, 'GetUser', {}, true, options);
  return attributeMapOf(answerOf('GetUser', answer).UserAttributes, 'UserAttributes', 'GetUser');
}

/**
 * Updates attributes (UpdateUserAttributes). Each attribute sent says whether it is done or waits on a code
 * (an e-mail or phone to verify with confirmUserAttribute).
 */
export async function updateUserAttributes(
  auth: AuthClient,
  username: string,
  input: UpdateUserAttributesInput,
): Promise<UpdateUserAttributesResult> {
  const { attributes, clientMetadata } = inputOf(input, 'updateUserAttributes');
  const body: { UserAttributes: ReturnType<typeof attributeList>; ClientMetadata?: Record<string, string> } =
    {
      UserAttributes: attributeList(attributes, 'attributes'),
    };
  if (clientMetadata) body.ClientMetadata = clientMetadata;
  const operation = 'UpdateUserAttributes';
  const { answer } = await withAccessToken(auth, username, operation, body, false, input);
  const list = answerOf(operation, answer).CodeDeliveryDetailsList ?? [];
  if (!Array.isArray(list)) throw malformed(operation, 'CodeDeliveryDetailsList', 'is not a list');
  const result: UpdateUserAttributesResult = {};
  for (const { Name } of body.UserAttributes) result[Name] = { nextStep: 'DONE' };
  for (const item of list) {
    const details = codeDeliveryOf(item, operation);
    const name = details?.attributeName;
    // Only an attribute of this request can wait on a code; anything else in the answer is ignored.
    if (details && name && Object.hasOwn(result, name))
      result[name] = { nextStep: 'CONFIRM_ATTRIBUTE_WITH_CODE', codeDeliveryDetails: details };
  }
  return result;
}

/** Sends a code to verify `attributeKey` (`email` or `phone_number`): GetUserAttributeVerificationCode. */
export async function sendUserAttributeVerificationCode(
  auth: AuthClient,
  username: string,
  input: AttributeKeyInput,
): Promise<CodeDeliveryDetails> {
  const { attributeKey, clientMetadata } = inputOf(input, 'sendUserAttributeVerificationCode');
  const operation = 'GetUserAttributeVerificationCode';
  const body: { AttributeName: string; ClientMetadata?: Record<string, string> } = {
    AttributeName: required(attributeKey, 'attributeKey'),
  };
  if (clientMetadata) body.ClientMetadata = clientMetadata;
  const { answer } = await withAccessToken(auth, username, operation, body, false, input);
  return codeDeliveryOf(answerOf(operation, answer).CodeDeliveryDetails, operation) ?? {};
}

/** Verifies an attribute with the code sent for it (VerifyUserAttribute). */
export async function confirmUserAttribute(
  auth: AuthClient,
  username: string,
  input: ConfirmUserAttributeInput,
): Promise<void> {
  const { attributeKey, confirmationCode } = inputOf(input, 'confirmUserAttribute');
  const body = {
    AttributeName: required(attributeKey, 'attributeKey'),
    Code: required(confirmationCode, 'confirmationCode'),
  };
  await withAccessToken(auth, username, 'VerifyUserAttribute', body, false, input);
}

/** Deletes attributes of the user (DeleteUserAttributes); required ones and `sub` are refused by the service. */
export async function deleteUserAttributes(
  auth: AuthClient,
  username: string,
  input: DeleteUserAttributesInput,
): Promise<void> {
  const { attributeKeys } = inputOf(input, 'deleteUserAttributes');
  if (!Array.isArray(attributeKeys) || !attributeKeys.length)
    throw mustBe('attributeKeys', 'a non-empty list of attribute names');
  const names = attributeKeys.map((key, i) => required(key, `attributeKeys[${i}]`));
  await withAccessToken(auth, username, 'DeleteUserAttributes', { UserAttributeNames: names }, true, input);
}
