// The page the Chromium test loads: oidc-client-ts's UserManager, unmodified, pointed at the emulator's pool.
import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';

let manager: UserManager | undefined;

function summary(user: User): Record<string, unknown> {
  return {
    sub: user.profile.sub,
    username: user.profile['cognito:username'],
    iss: user.profile.iss,
    aud: user.profile.aud,
    scope: user.scope,
    accessToken: user.access_token,
    idToken: user.id_token,
    refreshToken: user.refresh_token,
    expired: user.expired,
  };
}

export function setup(settings: { authority: string; clientId: string; scope: string }): void {
  manager = new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: `${location.origin}/callback`,
    response_type: 'code',
    scope: settings.scope,
    userStore: new WebStorageStateStore({ store: localStorage }),
    stateStore: new WebStorageStateStore({ store: localStorage }),
    loadUserInfo: true,
  });
}

/** `extra` goes on the authorize URL as it is (identity_provider=Google for "Sign in with Google"). */
export async function start(extra: Record<string, string> = {}): Promise<void> {
  await manager?.signinRedirect({ state: { from: 'test' }, extraQueryParams: extra });
}

export async function finish(): Promise<Record<string, unknown>> {
  if (!manager) throw new Error('setup first');
  const user = await manager.signinRedirectCallback();
  return { ...summary(user), profileEmail: user.profile.email, state: user.state };
}

export async function current(): Promise<Record<string, unknown> | null> {
  const user = await manager?.getUser();
  return user ? summary(user) : null;
}

/** signinSilent with a refresh token in hand uses the refresh_token grant (no iframe). */
export async function refresh(): Promise<Record<string, unknown>> {
  if (!manager) throw new Error('setup first');
  const user = await manager.signinSilent();
  if (!user) throw new Error('no user after refresh');
  return summary(user);
}

export async function metadata(): Promise<unknown> {
  return manager?.metadataService.getMetadata();
}
