import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Login with Amazon (LWA), client credentials grant of a security profile (Amazon Appstore
 * APIs, and the Selling Partner API's grantless operations): the client id and secret go in the
 * form body, and `scope` is required, naming the API (`appstore::apps:readwrite`,
 * `sellingpartnerapi::notifications`, …); the host sets it. Three regional hosts.
 */
export const amazonLwa: ProviderPreset = {
  id: 'amazon-lwa',
  name: 'Login with Amazon',
  tokenUrl: 'https://{region}/auth/o2/token',
  docs: 'https://developer.amazon.com/docs/app-submission-api/auth.html',
  instructions: [
    'In the Amazon Developer Console, go to Apps & Services → API Access, choose the API and Create a new security profile.',
    'Attach the security profile to the API, then open its Web Settings tab and copy the Client ID and Client Secret.',
    'Pick the region whose Login with Amazon endpoint serves your API (North America unless its documentation says otherwise).',
  ].join('\n'),
  fields: [
    {
      name: 'region',
      label: 'Region',
      options: [
        { value: 'api.amazon.com', label: 'North America' },
        { value: 'api.amazon.co.uk', label: 'Europe' },
        { value: 'api.amazon.co.jp', label: 'Far East' },
      ],
    },
  ],
  authMethod: 'client_secret_post',
};
