import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Domo Platform APIs: the client credentials grant asked for with GET, grant_type and scope in the
 * query string and the client ID and secret in HTTP Basic, as Domo's docs (`curl -u id:secret
 * "https://api.domo.com/oauth/token?grant_type=client_credentials&scope=…"`) and SDKs send it.
 * Scopes (data, user, audit, dashboard, account, …) must be among those chosen for the client.
 * Tokens live an hour.
 */
export const domo: ProviderPreset = {
  id: 'domo',
  name: 'Domo',
  tokenUrl: 'https://api.domo.com/oauth/token',
  docs: 'https://www.domo.com/docs/portal/1845fc11bbe5d-api-authentication',
  instructions: [
    'Log in to developer.domo.com with your Domo instance name, then open My Account → New Client.',
    'Name the client, choose its Application Scopes (Data, User, …) and click Create.',
    'Copy the Client ID and Secret shown.',
  ].join('\n'),
  authMethod: 'client_secret_basic',
  scopes: ['data'],
  tokenRequest: { method: 'GET' },
};
