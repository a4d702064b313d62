// The store's key layout: tokens per app client and canonical user, devices per pool and canonical user, an
// alias map (e-mail, phone -> canonical user), pending sign-ins by id with a per-name index of them, and the
// Session between sign-up, its confirmation and the sign-in after it.

export interface StoreKeys {
  tokens(username: string): string;
  device(username: string): string;
  alias(name: string): string;
  pending(id: string): string;
  /**
   * The ids of the pending sign-ins started under a name (as typed, and the canonical one once known), so that
   * deleteUser can find them; kept as long as a pending step.
   */
  pendingIndex(name: string): string;
  /** The Session of SignUp (then of ConfirmSignUp, for autoSignIn), per app client and name; short-lived. */
  signUp(username: string): string;
  refreshLock(username: string): string;
  /** The users this app client holds tokens for, most recent last (getCurrentUser). */
  users(): string;
}

/** Names are URI-encoded so that a `:` in a user name cannot reach into another key. */
export function storeKeys(options: { keyPrefix?: string; userPoolId: string; clientId: string }): StoreKeys {
  const prefix = `${options.keyPrefix ?? 'cogflow'}:${encodeURIComponent(options.userPoolId)}`;
  const client = encodeURIComponent(options.clientId);
  const at =
    (base: string) =>
    (name: string): string =>
      `${base}:${encodeURIComponent(name)}`;
  return {
    tokens: at(`${prefix}:${client}:tokens`),
    device: at(`${prefix}:device`),
    alias: at(`${prefix}:alias`),
    pending: at(`${prefix}:pending`),
    pendingIndex: at(`${prefix}:step-index`),
    signUp: at(`${prefix}:${client}:sign-up`),
    refreshLock: at(`${prefix}:${client}:refresh`),
    users: () => `${prefix}:${client}:users`,
  };
}
