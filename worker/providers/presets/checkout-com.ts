import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Checkout.com access key (OAuth 2.0 client credentials): Basic client authentication at the
 * merchant's own access host, `{prefix}.access.checkout.com` (or `.access.sandbox.`), where the
 * prefix is the first eight characters of the account's client id after `cli_`; the shared
 * `access.checkout.com` host is being retired. `scope` (`gateway`, `vault`, …) is optional: without
 * it the token carries every scope of the key. Tokens live an hour.
 */
export const checkoutCom: ProviderPreset = {
  id: 'checkout-com',
  name: 'Checkout.com',
  tokenUrl: 'https://{prefix}.{environment}/connect/token',
  docs: 'https://www.checkout.com/docs/developer-resources/api/manage-api-keys/oauth-2-0-client-credentials',
  instructions: [
    'In the Checkout.com Dashboard, select the Developers icon, open the Keys tab and choose Create a new key → Access key pair.',
    'Select the entity and scopes, create the key, and copy the Access key ID (Client ID) and the Access key secret.',
    'Under Settings → Account structure, read your client ID (cli_…): its first eight characters after cli_ are your prefix.',
  ].join('\n'),
  fields: [
    {
      name: 'prefix',
      label: 'Account prefix',
      hint: 'The first eight characters of your client ID after cli_ (Settings → Account structure).',
      placeholder: 'vkuhvk4v',
      pattern: '[a-z0-9]{8}',
    },
    {
      name: 'environment',
      label: 'Environment',
      options: [
        { value: 'access.checkout.com', label: 'Live' },
        { value: 'access.sandbox.checkout.com', label: 'Sandbox (test)' },
      ],
    },
  ],
  authMethod: 'client_secret_basic',
};
