import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * UPS OAuth Client Credentials: Basic client authentication (read as it is) and a form body with
 * only `grant_type`. The answer's `expires_in` is a numeric string ("14399", four hours) and it
 * carries `issued_at`, `client_id` and `status`; the Worker reads that shape without a profile.
 * The optional `x-merchant-id` header (the 6-digit shipper account) is not sent: a profile header
 * cannot be left out when its field is empty.
 */
export const ups: ProviderPreset = {
  id: 'ups',
  name: 'UPS',
  tokenUrl: 'https://{environment}/security/v1/oauth/token',
  docs: 'https://developer.ups.com/api/reference/oauth/client-credentials',
  instructions: [
    'On the UPS Developer Portal, open Apps and choose Add Apps, link your UPS shipper account and add the APIs your integration calls.',
    'Open the app and copy the Client ID and Client Secret under Credentials.',
    'Pick Production, or the Customer Integration Environment to test.',
  ].join('\n'),
  fields: [
    {
      name: 'environment',
      label: 'Environment',
      options: [
        { value: 'onlinetools.ups.com', label: 'Production' },
        { value: 'wwwcie.ups.com', label: 'Customer Integration Environment (test)' },
      ],
    },
  ],
  authMethod: 'client_secret_basic',
};
