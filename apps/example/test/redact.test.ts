// The narration's redaction: identifiers shown, every secret value hidden, tokens only as claims.

import type { OperationName, Transport } from '@cogflow/core';
import { ServiceError } from '@cogflow/core';
import { describe, expect, it } from 'vitest';
import { describeParameters, summarizeToken } from '../src/redact.js';
import { tracingTransport } from '../src/tracing-transport.js';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part(claims)}.${Buffer.from('signature-bytes').toString('base64url')}`;
}

describe('describeParameters', () => {
  it('shows identifiers and hides everything else', () => {
    const text = describeParameters({
      USERNAME: 'alice',
      DEVICE_KEY: 'us-east-1_abc',
      PASSWORD: 'Hunter2-secret!',
      SRP_A: 'deadbeef'.repeat(8),
      SOFTWARE_TOKEN_MFA_CODE: '123456',
      NEW_PASSWORD: 'Other-secret-9!',
    });
    expect(text).toContain('USERNAME=alice');
    expect(text).toContain('DEVICE_KEY=us-east-1_abc');
    for (const secret of ['Hunter2-secret!', 'deadbeef', '123456', 'Other-secret-9!']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('PASSWORD=(hidden)');
  });

  it('shows ANSWER for a choice of method, hides it for a custom challenge', () => {
    expect(describeParameters({ ANSWER: 'EMAIL_OTP' }, 'SELECT_MFA_TYPE')).toBe('ANSWER=EMAIL_OTP');
    expect(describeParameters({ ANSWER: '42' }, 'CUSTOM_CHALLENGE')).toBe('ANSWER=(hidden)');
    expect(describeParameters({ ANSWER: '42' })).toBe('ANSWER=(hidden)');
  });
});

describe('summarizeToken', () => {
  it('shows selected claims and never the token', () => {
    const token = jwt({ token_use: 'id', 'cognito:username': 'alice', exp: 2_000_000_000, jti: 'the-jti' });
    const text = summarizeToken('id token', token, 1_999_999_000_000);
    expect(text).toContain('cognito:username=alice');
    expect(text).toContain('token_use=id');
    expect(text).toContain('in 17 min');
    expect(text).not.toContain(token.split('.')[1] as string);
    expect(text).not.toContain('the-jti');
  });

  it('treats a non-JWT as opaque', () => {
    expect(summarizeToken('refresh token', 'opaque-secret-value')).not.toContain('opaque-secret-value');
  });
});

describe('tracingTransport', () => {
  const secrets = {
    password: 'P4ssword-never-shown',
    srpA: 'ab'.repeat(384),
    signature: 'c2lnbmF0dXJlLXNlY3JldA==',
    session: 'session-secret-string',
    access: jwt({ token_use: 'access', username: 'alice' }),
    refresh: 'refresh-secret-string',
    totpSecret: 'JBSWY3DPEHPK3PXPSECRET',
  };

  it('narrates operations and challenges without a single secret value', async () => {
    const answers: Record<string, unknown> = {
      InitiateAuth: {
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeParameters: {
          USER_ID_FOR_SRP: 'alice',
          SRP_B: 'ff'.repeat(384),
          SALT: 'aa',
          SECRET_BLOCK: secrets.session,
        },
        Session: secrets.session,
      },
      RespondToAuthChallenge: {
        AuthenticationResult: {
          AccessToken: secrets.access,
          RefreshToken: secrets.refresh,
          NewDeviceMetadata: { DeviceKey: 'us-east-1_dev', DeviceGroupKey: 'group' },
        },
      },
      AssociateSoftwareToken: { SecretCode: secrets.totpSecret },
    };
    const inner: Transport = {
      send: async (operation: OperationName) => {
        if (operation === 'RevokeToken')
          throw new ServiceError('NOT_AUTHORIZED', 'NotAuthorizedException', 'no');
        return answers[operation] as never;
      },
    };
    const lines: string[] = [];
    const transport = tracingTransport(inner, {
      sent: (op, detail) => lines.push(`→ ${op} ${detail}`),
      received: (what, detail) => lines.push(`← ${what} ${detail}`),
    });
    await transport.send('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: 'client',
      AuthParameters: { USERNAME: 'alice', SRP_A: secrets.srpA },
    });
    await transport.send('RespondToAuthChallenge', {
      ClientId: 'client',
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: secrets.session,
      ChallengeResponses: {
        USERNAME: 'alice',
        PASSWORD_CLAIM_SIGNATURE: secrets.signature,
        PASSWORD: secrets.password,
      },
    });
    await transport.send('AssociateSoftwareToken', { AccessToken: secrets.access });
    await expect(
      transport.send('RevokeToken', { Token: secrets.refresh, ClientId: 'client' }),
    ).rejects.toThrow();

    const text = lines.join('\n');
    expect(text).toContain('→ InitiateAuth AuthFlow=USER_SRP_AUTH USERNAME=alice SRP_A=(hidden)');
    expect(text).toContain('← challenge PASSWORD_VERIFIER');
    expect(text).toContain('NewDeviceMetadata.DeviceKey=us-east-1_dev');
    expect(text).toContain('← error NotAuthorizedException');
    for (const [name, value] of Object.entries(secrets)) {
      expect(text.includes(value), `${name} in the narration`).toBe(false);
    }
    expect(transport.events.map((e) => e.outcome)).toEqual([
      'PASSWORD_VERIFIER',
      'TOKENS',
      'SECRET_CODE',
      'NotAuthorizedException',
    ]);
  });
});
