// Registers the demo page's real address on the app client (DescribeUserPoolClient, then UpdateUserPoolClient), as
// you would for a real pool with the AWS CLI: managed login redirects only to a callback URL that matches exactly.

/** What the page may ask of managed login. */
export interface PageOAuthClient {
  userPoolId: string;
  clientId: string;
  /** The page's address as the browser sees it, e.g. `http://localhost:5173/`: callback and sign-out URL. */
  pageURL: string;
  scopes: string[];
  /** `COGNITO` (the login page) and the pool's identity providers the page offers. */
  identityProviders: string[];
}

async function call(
  endpoint: string,
  operation: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${operation}: ${String(answer.__type)}: ${String(answer.message)}`);
  return answer;
}

/** Members of DescribeUserPoolClient's answer that UpdateUserPoolClient does not take. */
const READ_ONLY = ['ClientSecret', 'CreationDate', 'LastModifiedDate'];

/**
 * Sets the client's OAuth settings to the page's address. UpdateUserPoolClient resets every setting it is not
 * given (API reference: "If you don't provide a value for an attribute, Amazon Cognito sets it to its default
 * value"), so the update carries the client's current settings as DescribeUserPoolClient shows them.
 */
export async function registerPageOnClient(endpoint: string, client: PageOAuthClient): Promise<void> {
  const { UserPoolClient: current } = (await call(endpoint, 'DescribeUserPoolClient', {
    UserPoolId: client.userPoolId,
    ClientId: client.clientId,
  })) as { UserPoolClient: Record<string, unknown> };
  const settings = Object.fromEntries(Object.entries(current).filter(([name]) => !READ_ONLY.includes(name)));
  await call(endpoint, 'UpdateUserPoolClient', {
    ...settings,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: client.scopes,
    CallbackURLs: [client.pageURL],
    LogoutURLs: [client.pageURL],
    SupportedIdentityProviders: client.identityProviders,
  });
}
