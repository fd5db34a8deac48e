import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * FedEx API Authorization: the project's API Key and Secret Key go in the form body as
 * `client_id` / `client_secret` (no Basic). Production and sandbox are different hosts with
 * different keys. Tokens live an hour. FedEx's integrator grants (`csp_credentials`,
 * `client_pc_credentials`, with a child key and child secret) are not covered: the child secret is
 * a second secret the profile has no place for.
 */
export const fedex: ProviderPreset = {
  id: 'fedex',
  name: 'FedEx',
  tokenUrl: 'https://{environment}/oauth/token',
  docs: 'https://developer.fedex.com/api/en-us/catalog/authorization/docs.html',
  instructions: [
    'In the FedEx Developer Portal, open My Projects and choose Create API Project, then select the APIs your integration calls.',
    'Finish the project and open its Production Key (or Test Key) page.',
    'Copy the API Key as the Client ID and the Secret Key as the Client Secret, and pick the environment the key belongs to.',
  ].join('\n'),
  fields: [
    {
      name: 'environment',
      label: 'Environment',
      hint: 'Production keys work only in Production, test keys only in Sandbox.',
      options: [
        { value: 'apis.fedex.com', label: 'Production' },
        { value: 'apis-sandbox.fedex.com', label: 'Sandbox (test keys)' },
      ],
    },
  ],
  authMethod: 'client_secret_post',
};
