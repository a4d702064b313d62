// Pre token generation for the tokens the user-pool domain's /oauth2/token issues: TokenGeneration_HostedAuth for an
// authorization code, TokenGeneration_RefreshTokens for a refresh (client_credentials would be V3_0: not sent).
import type { EmulatorContext } from '../context.js';
import type { ClientRecord, PoolRecord } from '../state.js';
import { customizeTokens } from './token-generation.js';

export interface DomainTokens {
  access_token: string;
  id_token?: string;
}

/** Rewrites `answer`'s tokens with the pool's trigger; a throw is the trigger's CognitoException, for the caller to map. */
export async function customizeDomainTokens(
  ctx: EmulatorContext,
  pool: PoolRecord,
  client: ClientRecord,
  answer: unknown,
  grant: string,
): Promise<void> {
  if (grant !== 'authorization_code' && grant !== 'refresh_token') return;
  const tokens = answer as DomainTokens;
  if (typeof tokens?.access_token !== 'string') return;
  const out = await customizeTokens(
    ctx,
    pool,
    { AccessToken: tokens.access_token, ...(tokens.id_token ? { IdToken: tokens.id_token } : {}) },
    {
      clientId: client.id,
      source: grant === 'authorization_code' ? 'TokenGeneration_HostedAuth' : 'TokenGeneration_RefreshTokens',
      clientMetadata: undefined,
    },
  );
  tokens.access_token = out.AccessToken;
  if (out.IdToken) tokens.id_token = out.IdToken;
}
