import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * LinkedIn 2-legged OAuth (client credentials), which LinkedIn enables per app for non-member APIs
 * only (not the Marketing APIs): the client ID and secret go in the form body, the only client
 * authentication LinkedIn's docs describe. Secrets may hold `/`, `=` and `+`, which the form
 * encoding carries. The docs' sample answer gives `expires_in` as a string ("1800"): 30 minutes.
 */
export const linkedin: ProviderPreset = {
  id: 'linkedin',
  name: 'LinkedIn',
  tokenUrl: 'https://www.linkedin.com/oauth/v2/accessToken',
  docs: 'https://learn.microsoft.com/en-us/linkedin/shared/authentication/client-credentials-flow',
  instructions: [
    'In the LinkedIn Developer Portal, open My apps and select the app LinkedIn has enabled for the client credentials flow.',
    'On the Auth tab, under Application credentials, copy the Client ID and the Primary Client Secret.',
  ].join('\n'),
  authMethod: 'client_secret_post',
};
