import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Xero Custom Connections (a premium app type tied to one Xero organisation, for organisations
 * in Australia, New Zealand, the UK and the US): HTTP Basic with the client id and secret; the
 * scopes are optional (without them the token has every scope the connection was authorised
 * for). No `xero-tenant-id` is needed afterwards. Tokens live 30 minutes.
 */
export const xero: ProviderPreset = {
  id: 'xero',
  name: 'Xero',
  tokenUrl: 'https://identity.xero.com/connect/token',
  docs: 'https://developer.xero.com/documentation/guides/oauth2/custom-connections/',
  instructions: [
    'In Xero Developer, go to My Apps → New app, choose Custom connection as the integration type and create it.',
    'Select the scopes the integration needs and the user who authorises the connection; that user picks the organisation in the email Xero sends.',
    'Once authorised, open the app’s Configuration, copy the Client id, and select Generate a secret to copy the Client secret.',
  ].join('\n'),
  authMethod: 'client_secret_basic',
};
