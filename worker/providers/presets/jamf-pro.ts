import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Jamf Pro API Clients (Jamf Pro 10.49 and later): a client credentials grant at the instance's own
 * `/api/oauth/token`, the client ID and secret in the form body. The instance is the Jamf Cloud
 * subdomain the person types; a self-hosted Jamf Pro server (any host name, often port 8443) cannot
 * be expressed by this preset and needs a session's own token URL. Token lifetime is the API
 * client's "Access Token Lifetime" setting, given in `expires_in`.
 */
export const jamfPro: ProviderPreset = {
  id: 'jamf-pro',
  name: 'Jamf Pro',
  tokenUrl: 'https://{instance}.jamfcloud.com/api/oauth/token',
  docs: 'https://developer.jamf.com/jamf-pro/docs/client-credentials',
  instructions: [
    'In Jamf Pro, go to Settings → System → API roles and clients; on API Roles, create a role with the privileges needed.',
    'On the API Clients tab, create a client, assign it the role and enable it.',
    'Click Generate Client Secret, then copy the Client ID and the Client Secret (shown only once).',
  ].join('\n'),
  fields: [
    {
      name: 'instance',
      label: 'Jamf Cloud instance',
      hint: 'The name before .jamfcloud.com in your Jamf Pro address.',
      placeholder: 'yourcompany',
      pattern: '[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?',
    },
  ],
  authMethod: 'client_secret_post',
};
