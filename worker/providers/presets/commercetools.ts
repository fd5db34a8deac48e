import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * commercetools Composable Commerce API Clients: HTTP Basic at the auth host of the Project's
 * region (`auth.<region>.commercetools.com`, a cloud region such as `europe-west1.gcp`). The
 * scope may be omitted: the token then has every scope of the API Client. Tokens live two days.
 */
export const commercetools: ProviderPreset = {
  id: 'commercetools',
  name: 'commercetools',
  tokenUrl: 'https://auth.{region}.commercetools.com/oauth/token',
  docs: 'https://docs.commercetools.com/api/authorization#client-credentials-flow',
  instructions: [
    'In the Merchant Center, go to Settings → Developer settings and select Create new API client.',
    'Name it, select the scopes the integration needs (or a template), and select Create API client.',
    'Copy the client_id, the secret and the Auth URL before leaving the page: they are shown only once.',
  ].join('\n'),
  fields: [
    {
      name: 'region',
      label: 'Region',
      hint: 'The Auth URL names it: auth.<region>.commercetools.com.',
      options: [
        { value: 'europe-west1.gcp', label: 'Europe (Google Cloud, Belgium)' },
        { value: 'us-central1.gcp', label: 'North America (Google Cloud, Iowa)' },
        { value: 'australia-southeast1.gcp', label: 'Australia (Google Cloud, Sydney)' },
        { value: 'eu-central-1.aws', label: 'Europe (AWS, Frankfurt)' },
        { value: 'us-east-2.aws', label: 'North America (AWS, Ohio)' },
      ],
    },
  ],
  authMethod: 'client_secret_basic',
};
