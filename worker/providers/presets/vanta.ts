import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Vanta API (Manage Vanta applications): the client credentials grant as one JSON object holding
 * client_id, client_secret, scope and grant_type (Vanta takes no Basic and no form), with a
 * required scope. Vanta Government Cloud answers on its own domain, chosen from a closed list.
 * Tokens live an hour; the token endpoint allows about five requests a minute, so tokens are kept
 * and reused.
 */
export const vanta: ProviderPreset = {
  id: 'vanta',
  name: 'Vanta',
  tokenUrl: 'https://api.{cloud}.com/oauth/token',
  docs: 'https://developer.vanta.com/docs/concepts/authentication',
  instructions: [
    'In Vanta, go to Settings → Developer Console and click Create.',
    'Name the application, choose Manage Vanta as the App type, and click Generate client secret.',
    'Copy the OAuth client ID and client secret.',
  ].join('\n'),
  fields: [
    {
      name: 'cloud',
      label: 'Vanta instance',
      options: [
        { value: 'vanta', label: 'Vanta (app.vanta.com)' },
        { value: 'vanta-gov', label: 'Vanta Government Cloud' },
      ],
    },
  ],
  authMethod: 'client_secret_post',
  scopes: ['vanta-api.all:read'],
  tokenRequest: { body: 'json' },
};
