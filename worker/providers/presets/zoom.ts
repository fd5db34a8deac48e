import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Zoom Server-to-Server OAuth: Basic client authentication and Zoom's own grant,
 * `account_credentials`, with the account id beside it. Tokens live an hour; there is no
 * refresh token, a new one is asked for the same way.
 */
export const zoom: ProviderPreset = {
  id: 'zoom',
  name: 'Zoom',
  tokenUrl: 'https://zoom.us/oauth/token',
  docs: 'https://developers.zoom.us/docs/internal-apps/s2s-oauth/',
  instructions: [
    'In the Zoom App Marketplace, choose Develop → Build App → Server-to-Server OAuth, name the app and create it.',
    'Under Scopes, add the scopes the integration needs, then activate the app.',
    'Copy the Account ID, Client ID and Client Secret from App Credentials.',
  ].join('\n'),
  fields: [
    {
      name: 'account_id',
      label: 'Account ID',
      hint: 'Shown with the Client ID under App Credentials.',
      pattern: String.raw`[A-Za-z0-9_\-]{10,64}`,
    },
  ],
  authMethod: 'client_secret_basic',
  tokenRequest: { grantType: 'account_credentials' },
  params: { extra: { account_id: '{account_id}' } },
};
