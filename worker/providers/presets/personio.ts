import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Personio Public API v2: a standard client credentials grant at `/v2/auth/token`, the client ID and
 * secret in a form body (Personio's docs require `application/x-www-form-urlencoded` and take no
 * Basic). A wrong secret is answered `unauthorized_client` ("Invalid Credentials" in Personio's
 * examples), not `invalid_client`. Tokens live 24 hours. The legacy `/v1/auth` endpoint (JSON,
 * token under `data.token`) is not used. Personio's optional partner headers
 * (`X-Personio-Partner-ID`, `X-Personio-App-ID`) are for marketplace partners and left to the host.
 */
export const personio: ProviderPreset = {
  id: 'personio',
  name: 'Personio',
  tokenUrl: 'https://api.personio.de/v2/auth/token',
  docs: 'https://developer.personio.de/reference/post_v2-auth-token',
  instructions: [
    'In Personio, go to Settings → Integrations → API credentials and click Create custom integration.',
    'Name the integration, select the scopes and readable attributes it needs, and click Create integration.',
    'Copy the Client ID and Client secret (the secret is shown only once).',
  ].join('\n'),
  authMethod: 'client_secret_post',
};
