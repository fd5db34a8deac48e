import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * eBay application access tokens: the client credentials grant with the keyset's App ID and Cert ID
 * in HTTP Basic and the scopes as a URL-encoded, space-separated `scope` (eBay asks for at least
 * `https://api.ebay.com/oauth/api_scope`). Production and Sandbox keysets are separate and answer
 * on separate hosts, chosen here from a closed list. Tokens live two hours.
 */
export const ebay: ProviderPreset = {
  id: 'ebay',
  name: 'eBay',
  tokenUrl: 'https://{environment}.ebay.com/identity/v1/oauth2/token',
  docs: 'https://developer.ebay.com/api-docs/static/oauth-client-credentials-grant.html',
  instructions: [
    'In the eBay Developers Program, open Application Keys (Hi, your name → Application Keysets).',
    'Pick the Production or Sandbox keyset you use and copy its App ID (Client ID) and Cert ID (Client Secret).',
    'Choose the same environment below.',
  ].join('\n'),
  fields: [
    {
      name: 'environment',
      label: 'Environment',
      hint: 'The keyset the App ID belongs to.',
      options: [
        { value: 'api', label: 'Production' },
        { value: 'api.sandbox', label: 'Sandbox' },
      ],
    },
  ],
  authMethod: 'client_secret_basic',
  scopes: ['https://api.ebay.com/oauth/api_scope'],
};
