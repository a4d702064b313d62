// The store's key layout: tokens per app client and canonical user, devices per pool and canonical user, an
// alias map (e-mail, phone -> canonical user), and pending sign-ins by id.

export interface StoreKeys {
  tokens(username: string): string;
  device(username: string): string;
  alias(name: string): string;
  pending(id: string): string;
  refreshLock(username: string): string;
  /** The users this app client holds tokens for, most recent last (getCurrentUser). */
  users(): string;
}

/** Names are URI-encoded so that a `:` in a user name cannot reach into another key. */
export function storeKeys(options: { keyPrefix?: string; userPoolId: string; clientId: string }): StoreKeys {
  const prefix = `${options.keyPrefix ?? 'cogflow'}:${encodeURIComponent(options.userPoolId)}`;
  const client = encodeURIComponent(options.clientId);
  const enc = encodeURIComponent;
  return {
    tokens: (username) => `${prefix}:${client}:tokens:${enc(username)}`,
    device: (username) => `${prefix}:device:${enc(username)}`,
    alias: (name) => `${prefix}:alias:${enc(name)}`,
    pending: (id) => `${prefix}:pending:${enc(id)}`,
    refreshLock: (username) => `${prefix}:${client}:refresh:${enc(username)}`,
    users: () => `${prefix}:${client}:users`,
  };
}
