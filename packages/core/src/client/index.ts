// The client: a small shared context and one module per capability, so a bundler drops what a page never imports.

export { type AuthCore, createAuthClient, DEFAULT_PENDING_TTL_SECONDS } from './context.js';
export { forgetDevice, type RememberDeviceOptions, rememberDevice } from './devices.js';
export { type ConfirmSignInOptions, confirmSignIn, signIn } from './sign-in.js';
export { signOut } from './sign-out.js';
export { getTokens, peekTokens } from './tokens.js';
