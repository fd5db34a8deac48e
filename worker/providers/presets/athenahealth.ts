import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * athenahealth Platform (athenaOne APIs) 2-legged OAuth: a client credentials grant with the
 * client ID and secret in HTTP Basic and a required scope (`athena/service/Athenanet.MDP.*` for
 * athenaOne), against the Production or Preview environment chosen from a closed list (apps and
 * credentials are separate per environment). Tokens live an hour; token requests are rate limited
 * (50 a minute in Production, 5 in Preview), which the Worker's caching respects. The practice ID
 * belongs in API paths, not in the token request.
 */
export const athenahealth: ProviderPreset = {
  id: 'athenahealth',
  name: 'athenahealth',
  tokenUrl: 'https://{environment}.athenahealth.com/oauth2/v1/token',
  docs: 'https://docs.athenahealth.com/api/guides/token-endpoint',
  instructions: [
    'In the athenahealth Developer Portal, open Console and create (or open) a 2-legged OAuth app for Preview or Production.',
    'Copy the Client ID and the Secret shown when the app was created (reset the secret if it was not saved).',
    'Choose the environment the app was created for.',
  ].join('\n'),
  fields: [
    {
      name: 'environment',
      label: 'Environment',
      hint: 'Preview and Production apps have separate credentials.',
      options: [
        { value: 'api.platform', label: 'Production' },
        { value: 'api.preview.platform', label: 'Preview' },
      ],
    },
  ],
  authMethod: 'client_secret_basic',
  scopes: ['athena/service/Athenanet.MDP.*'],
};
