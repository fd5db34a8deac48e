import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Zuora Billing OAuth: a client credentials grant with the client ID and secret in the form body
 * (Zuora's reference: "do not set any authentication headers such as Authorization"), against the
 * REST host of the data center and environment the tenant lives in, chosen from Zuora's closed
 * list. Tokens live an hour and carry `jti` beside the usual members.
 */
export const zuora: ProviderPreset = {
  id: 'zuora',
  name: 'Zuora',
  tokenUrl: 'https://{environment}.zuora.com/oauth/token',
  docs: 'https://developer.zuora.com/v1-api-reference/api/operation/createToken/',
  instructions: [
    'In Zuora, click your username at the top right and go to Settings → Administration → Manage Users, then open the API user.',
    'In the New OAuth Clients section, enter a name and click Create.',
    'Copy the Client ID and Client Secret (the secret is shown only once), and choose the environment your tenant lives in.',
  ].join('\n'),
  fields: [
    {
      name: 'environment',
      label: 'Environment',
      hint: 'The data center and environment of the tenant: the host of its REST API.',
      options: [
        { value: 'rest.na', label: 'US Production (Cloud 1) — rest.na.zuora.com' },
        { value: 'rest', label: 'US Production (Cloud 2) — rest.zuora.com' },
        { value: 'rest.sandbox.na', label: 'US API Sandbox (Cloud 1) — rest.sandbox.na.zuora.com' },
        { value: 'rest.apisandbox', label: 'US API Sandbox (Cloud 2) — rest.apisandbox.zuora.com' },
        { value: 'rest.test', label: 'US Developer & Central Sandbox — rest.test.zuora.com' },
        { value: 'rest.eu', label: 'EU Production — rest.eu.zuora.com' },
        { value: 'rest.sandbox.eu', label: 'EU API Sandbox — rest.sandbox.eu.zuora.com' },
        { value: 'rest.test.eu', label: 'EU Developer & Central Sandbox — rest.test.eu.zuora.com' },
        { value: 'rest.ap', label: 'APAC Production — rest.ap.zuora.com' },
        { value: 'rest.test.ap', label: 'APAC Developer & Central Sandbox — rest.test.ap.zuora.com' },
      ],
    },
  ],
  authMethod: 'client_secret_post',
};
