import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * PayPal REST apps: HTTP Basic with the client ID and secret, at the Live or Sandbox API host
 * (the app's credentials belong to one of them). The answer adds `app_id` and `nonce`; tokens
 * live about nine hours.
 */
export const paypal: ProviderPreset = {
  id: 'paypal',
  name: 'PayPal',
  tokenUrl: 'https://{environment}/v1/oauth2/token',
  docs: 'https://developer.paypal.com/api/rest/authentication/',
  instructions: [
    'In the PayPal Developer Dashboard, choose Sandbox or Live at the top, then go to Apps & Credentials.',
    'Under REST API apps, select Create App (or open an existing app).',
    'Copy the Client ID and the Secret key shown under API credentials.',
  ].join('\n'),
  fields: [
    {
      name: 'environment',
      label: 'Environment',
      hint: 'The Dashboard switch the app was created under.',
      options: [
        { value: 'api-m.paypal.com', label: 'Live' },
        { value: 'api-m.sandbox.paypal.com', label: 'Sandbox' },
      ],
    },
  ],
  authMethod: 'client_secret_basic',
};
