import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Atlassian Cloud service accounts with OAuth 2.0 credentials: the client credentials grant at
 * `auth.atlassian.com` (the same endpoint as 3LO apps), the client ID and secret in the body. The
 * scopes were fixed when the credential was created, so none is sent. Tokens live 60 minutes. A
 * wrong secret is answered `access_denied` ("Unauthorized", 401), which the Worker maps by its
 * status. API calls then go through `api.atlassian.com/ex/{product}/{cloudId}`: the cloud ID is
 * not part of the token answer (the host may set it as a value).
 */
export const atlassian: ProviderPreset = {
  id: 'atlassian',
  name: 'Atlassian',
  tokenUrl: 'https://auth.atlassian.com/oauth/token',
  docs: 'https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/',
  instructions: [
    'In Atlassian Administration, select Directory → Service accounts and open the service account.',
    'Select Create credentials, choose OAuth 2.0, select the scopes the integration needs, then Create.',
    'Copy the Client ID and Client Secret (they cannot be shown again).',
  ].join('\n'),
  authMethod: 'client_secret_post',
};
