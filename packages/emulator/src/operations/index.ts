// The operation table: X-Amz-Target operation name to handler, a Map so a name only finds an operation listed here.
import type { Handler } from '../context.js';
import * as domains from '../oauth/domains.js';
import * as identityProviders from '../oauth/identity-providers.js';
import * as resourceServers from '../oauth/resource-servers.js';
import * as adminUsers from './admin-users.js';
import * as clients from './app-clients.js';
import * as attributes from './attributes.js';
import * as devices from './devices.js';
import * as groups from './groups.js';
import * as mfa from './mfa.js';
import * as passwords from './passwords.js';
import * as refresh from './refresh.js';
import * as signIn from './sign-in.js';
import * as signUp from './sign-up.js';
import * as pools from './user-pools.js';
import * as users from './users.js';
import * as webauthn from './webauthn.js';

const TABLE: Record<string, Handler> = {
  // sign-in
  InitiateAuth: signIn.initiateAuth,
  RespondToAuthChallenge: signIn.respondToAuthChallenge,
  AdminInitiateAuth: signIn.adminInitiateAuth,
  AdminRespondToAuthChallenge: signIn.respondToAuthChallenge,
  AssociateSoftwareToken: mfa.associateSoftwareToken,
  VerifySoftwareToken: mfa.verifySoftwareToken,
  SetUserMFAPreference: mfa.setUserMFAPreference,
  AdminSetUserMFAPreference: mfa.adminSetUserMFAPreference,
  SetUserPoolMfaConfig: mfa.setUserPoolMfaConfig,
  GetUserPoolMfaConfig: mfa.getUserPoolMfaConfig,
  // tokens
  GetTokensFromRefreshToken: refresh.getTokensFromRefreshToken,
  RevokeToken: refresh.revokeToken,
  GlobalSignOut: refresh.globalSignOut,
  AdminUserGlobalSignOut: refresh.adminUserGlobalSignOut,
  // devices
  ConfirmDevice: devices.confirmDevice,
  UpdateDeviceStatus: devices.updateDeviceStatus,
  ListDevices: devices.listDevices,
  GetDevice: devices.getDevice,
  ForgetDevice: devices.forgetDevice,
  AdminForgetDevice: devices.adminForgetDevice,
  AdminGetDevice: devices.adminGetDevice,
  AdminListDevices: devices.adminListDevices,
  AdminUpdateDeviceStatus: devices.adminUpdateDeviceStatus,
  // the user
  GetUser: users.getUser,
  GetUserAuthFactors: users.getUserAuthFactors,
  DeleteUser: users.deleteUser,
  ChangePassword: passwords.changePassword,
  ForgotPassword: passwords.forgotPassword,
  ConfirmForgotPassword: passwords.confirmForgotPassword,
  UpdateUserAttributes: attributes.updateUserAttributes,
  GetUserAttributeVerificationCode: attributes.getUserAttributeVerificationCode,
  VerifyUserAttribute: attributes.verifyUserAttribute,
  DeleteUserAttributes: attributes.deleteUserAttributes,
  SetUserSettings: mfa.setUserSettings,
  SignUp: signUp.signUp,
  ConfirmSignUp: signUp.confirmSignUp,
  ResendConfirmationCode: signUp.resendConfirmationCode,
  // passkeys
  StartWebAuthnRegistration: webauthn.startWebAuthnRegistration,
  CompleteWebAuthnRegistration: webauthn.completeWebAuthnRegistration,
  ListWebAuthnCredentials: webauthn.listWebAuthnCredentials,
  DeleteWebAuthnCredential: webauthn.deleteWebAuthnCredential,
  // control plane
  CreateUserPool: pools.createUserPool,
  DescribeUserPool: pools.describeUserPool,
  UpdateUserPool: pools.updateUserPool,
  AddCustomAttributes: pools.addCustomAttributes,
  DeleteUserPool: pools.deleteUserPool,
  ListUserPools: pools.listUserPools,
  CreateUserPoolClient: clients.createUserPoolClient,
  DescribeUserPoolClient: clients.describeUserPoolClient,
  UpdateUserPoolClient: clients.updateUserPoolClient,
  DeleteUserPoolClient: clients.deleteUserPoolClient,
  ListUserPoolClients: clients.listUserPoolClients,
  CreateGroup: groups.createGroup,
  GetGroup: groups.getGroup,
  ListGroups: groups.listGroups,
  UpdateGroup: groups.updateGroup,
  DeleteGroup: groups.deleteGroup,
  AdminAddUserToGroup: groups.adminAddUserToGroup,
  AdminRemoveUserFromGroup: groups.adminRemoveUserFromGroup,
  AdminListGroupsForUser: groups.adminListGroupsForUser,
  ListUsersInGroup: groups.listUsersInGroup,
  AdminCreateUser: adminUsers.adminCreateUser,
  AdminGetUser: adminUsers.adminGetUser,
  AdminDeleteUser: adminUsers.adminDeleteUser,
  AdminSetUserPassword: adminUsers.adminSetUserPassword,
  AdminResetUserPassword: adminUsers.adminResetUserPassword,
  AdminUpdateUserAttributes: adminUsers.adminUpdateUserAttributes,
  AdminDeleteUserAttributes: adminUsers.adminDeleteUserAttributes,
  AdminConfirmSignUp: adminUsers.adminConfirmSignUp,
  AdminDisableUser: adminUsers.adminSetEnabled(false),
  AdminEnableUser: adminUsers.adminSetEnabled(true),
  ListUsers: adminUsers.listUsers,
  // OAuth 2.0 configuration
  CreateResourceServer: resourceServers.createResourceServer,
  DescribeResourceServer: resourceServers.describeResourceServer,
  ListResourceServers: resourceServers.listResourceServers,
  UpdateResourceServer: resourceServers.updateResourceServer,
  DeleteResourceServer: resourceServers.deleteResourceServer,
  CreateUserPoolDomain: domains.createUserPoolDomain,
  DescribeUserPoolDomain: domains.describeUserPoolDomain,
  DeleteUserPoolDomain: domains.deleteUserPoolDomain,
  CreateIdentityProvider: identityProviders.createIdentityProvider,
  DescribeIdentityProvider: identityProviders.describeIdentityProvider,
  ListIdentityProviders: identityProviders.listIdentityProviders,
  DeleteIdentityProvider: identityProviders.deleteIdentityProvider,
};

/**
 * A Map, not the object literal: `TABLE['constructor']` is Object itself (which handed out the whole store), and
 * `toString`, `__proto__` and the other inherited names answer too. A Map has no inherited entries.
 */
export const OPERATIONS: ReadonlyMap<string, Handler> = new Map(Object.entries(TABLE));

/** Operations that only read; the state file is not rewritten after them. */
export const READ_ONLY = new Set([
  'GetUser',
  'GetUserAuthFactors',
  'ListDevices',
  'GetDevice',
  'AdminGetDevice',
  'AdminListDevices',
  'DescribeUserPool',
  'DescribeUserPoolClient',
  'ListUserPools',
  'ListUserPoolClients',
  'AdminGetUser',
  'ListUsers',
  'GetUserPoolMfaConfig',
  'ListWebAuthnCredentials',
  'DescribeResourceServer',
  'ListResourceServers',
  'DescribeUserPoolDomain',
  'DescribeIdentityProvider',
  'ListIdentityProviders',
  'GetGroup',
  'ListGroups',
  'AdminListGroupsForUser',
  'ListUsersInGroup',
]);
