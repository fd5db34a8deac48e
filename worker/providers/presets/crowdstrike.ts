import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * CrowdStrike Falcon API client: `client_id` and `client_secret` in a form body and no
 * `grant_type` at all (the OAuth2 API lists only those two and an optional `member_cid`), at the
 * API host of the customer's cloud. The answer is 201 Created, not 200, and tokens live 30
 * minutes. `member_cid` (an MSSP acting for one child CID) is not sent: a profile parameter
 * cannot be left out when its field is empty.
 */
export const crowdstrike: ProviderPreset = {
  id: 'crowdstrike',
  name: 'CrowdStrike Falcon',
  tokenUrl: 'https://{cloud}/oauth2/token',
  docs: 'https://github.com/CrowdStrike/falconpy/blob/main/docs/service-collections/oauth2.md',
  instructions: [
    'In the Falcon console, go to Support and resources → API clients and keys and choose Create API client.',
    'Name the client, select the API scopes it needs (Read, Write), and choose Create.',
    'Copy the Client ID and Secret (shown once), and pick the cloud of the Base URL shown with them.',
  ].join('\n'),
  fields: [
    {
      name: 'cloud',
      label: 'Cloud',
      hint: 'The Base URL shown with the new API client.',
      options: [
        { value: 'api.crowdstrike.com', label: 'US-1 (api.crowdstrike.com)' },
        { value: 'api.us-2.crowdstrike.com', label: 'US-2 (api.us-2.crowdstrike.com)' },
        { value: 'api.eu-1.crowdstrike.com', label: 'EU-1 (api.eu-1.crowdstrike.com)' },
        { value: 'api.laggar.gcw.crowdstrike.com', label: 'US-GOV-1 (api.laggar.gcw.crowdstrike.com)' },
        { value: 'api.us-gov-2.crowdstrike.mil', label: 'US-GOV-2 (api.us-gov-2.crowdstrike.mil)' },
      ],
    },
  ],
  authMethod: 'client_secret_post',
  tokenRequest: { grantType: null },
};
