import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Genesys Cloud OAuth client with the Client Credentials grant: Basic client authentication at
 * the login host of the organization's region (`login.mypurecloud.de`, `login.usw2.pure.cloud`,
 * …), a closed list whose names span several labels. Tokens live 24 hours.
 */
export const genesysCloud: ProviderPreset = {
  id: 'genesys-cloud',
  name: 'Genesys Cloud',
  tokenUrl: 'https://login.{region}/oauth/token',
  docs: 'https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials',
  instructions: [
    'In Genesys Cloud, go to Admin → Integrations → OAuth and choose Add Client.',
    'Name the client, choose Client Credentials as the Grant Type, assign the roles the integration needs, and choose Save.',
    "Copy the Client ID and Client Secret from Client Details, and pick your organization's region.",
  ].join('\n'),
  fields: [
    {
      name: 'region',
      label: 'Region',
      hint: 'The domain you sign in at, e.g. apps.mypurecloud.de is EMEA (Frankfurt).',
      options: [
        { value: 'mypurecloud.com', label: 'Americas (US East)' },
        { value: 'use2.us-gov-pure.cloud', label: 'Americas (US East 2, FedRAMP)' },
        { value: 'usw2.pure.cloud', label: 'Americas (US West)' },
        { value: 'cac1.pure.cloud', label: 'Americas (Canada)' },
        { value: 'mxc1.pure.cloud', label: 'Americas (Mexico)' },
        { value: 'sae1.pure.cloud', label: 'Americas (São Paulo)' },
        { value: 'mypurecloud.ie', label: 'EMEA (Dublin)' },
        { value: 'euw2.pure.cloud', label: 'EMEA (London)' },
        { value: 'mypurecloud.de', label: 'EMEA (Frankfurt)' },
        { value: 'euc2.pure.cloud', label: 'EMEA (Zurich)' },
        { value: 'mec1.pure.cloud', label: 'EMEA (UAE)' },
        { value: 'aps1.pure.cloud', label: 'Asia Pacific (Mumbai)' },
        { value: 'mypurecloud.jp', label: 'Asia Pacific (Tokyo)' },
        { value: 'apne3.pure.cloud', label: 'Asia Pacific (Osaka)' },
        { value: 'apne2.pure.cloud', label: 'Asia Pacific (Seoul)' },
        { value: 'mypurecloud.com.au', label: 'Asia Pacific (Sydney)' },
      ],
    },
  ],
  authMethod: 'client_secret_basic',
};
