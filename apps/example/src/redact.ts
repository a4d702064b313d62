// What the example may print: parameter values known to be harmless, and JWTs only as a claims summary.
// Everything else (passwords, SRP values, signatures, codes, tokens, secrets) is named but never shown.

/** Parameters whose values identify, not authenticate: safe to print. */
const SAFE_VALUES = new Set([
  'USERNAME',
  'USER_ID_FOR_SRP',
  'DEVICE_KEY',
  'CHALLENGE_NAME',
  'PREFERRED_CHALLENGE',
  'CODE_DELIVERY_DELIVERY_MEDIUM',
  'CODE_DELIVERY_DESTINATION',
  'MFAS_CAN_CHOOSE',
  'MFAS_CAN_SETUP',
  'requiredAttributes',
  'AuthFlow',
  'ChallengeName',
  'DeviceKey',
  'DeviceGroupKey',
  'DeviceName',
  'DeviceRememberedStatus',
  'FriendlyDeviceName',
  'FRIENDLY_DEVICE_NAME',
  'UserConfirmationNecessary',
  'Status',
]);

/** `ANSWER` is a method name for these challenges, but the secret itself for CUSTOM_CHALLENGE. */
const ANSWER_IS_A_CHOICE = new Set(['SELECT_MFA_TYPE', 'SELECT_CHALLENGE']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** `KEY=value` for safe keys, `KEY=(hidden)` for the rest, in the order given. */
export function describeParameters(
  parameters: Record<string, unknown> | undefined,
  challenge?: string,
): string {
  if (!parameters) return '';
  return Object.entries(parameters)
    .map(([key, value]) => {
      const safe =
        SAFE_VALUES.has(key) ||
        (key === 'ANSWER' && challenge !== undefined && ANSWER_IS_A_CHOICE.has(challenge));
      return safe ? `${key}=${formatValue(value)}` : `${key}=(hidden)`;
    })
    .join(' ');
}

/** The readable claims of a JWT, decoded without verification (display only). */
export function decodeClaims(jwt: string): Record<string, unknown> | undefined {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (ch) => ch.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Claims worth showing in a demo; identifiers of tokens (jti, origin_jti) and the issuer are left out. */
const SHOWN_CLAIMS = [
  'token_use',
  'cognito:username',
  'username',
  'sub',
  'email',
  'device_key',
  'auth_time',
  'exp',
  'amr',
];

export function relativeTime(epochSeconds: number, nowMs: number): string {
  const seconds = Math.round(epochSeconds - nowMs / 1000);
  const abs = Math.abs(seconds);
  if (abs < 2) return 'now';
  const span = abs >= 120 ? `${Math.round(abs / 60)} min` : `${abs} s`;
  return seconds >= 0 ? `in ${span}` : `${span} ago`;
}

/** A one-line summary of a token: its length and selected claims, never the token itself. */
export function summarizeToken(label: string, jwt: string | undefined, nowMs: number = Date.now()): string {
  if (!jwt) return `${label}: none`;
  const claims = decodeClaims(jwt);
  if (!claims) return `${label}: ${jwt.length} chars, opaque (not shown)`;
  const parts: string[] = [];
  for (const name of SHOWN_CLAIMS) {
    const value = claims[name];
    if (value === undefined) continue;
    if ((name === 'exp' || name === 'auth_time') && typeof value === 'number') {
      parts.push(`${name}=${new Date(value * 1000).toISOString()} (${relativeTime(value, nowMs)})`);
    } else {
      parts.push(`${name}=${formatValue(value)}`);
    }
  }
  return `${label} (${jwt.length} chars, not shown): ${parts.join(' ')}`;
}

/** An opaque secret (a refresh token): only that it exists and how long it is. */
export function describeOpaque(label: string, value: string | undefined): string {
  return value ? `${label}: present (${value.length} chars, not shown)` : `${label}: none`;
}
