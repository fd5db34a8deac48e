import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Salesforce client credentials flow (an external client app or connected app with "Enable
 * Client Credentials Flow" and a Run As user): the token request must go to the org's own My
 * Domain (login.salesforce.com and test.salesforce.com answer "request not supported on this
 * domain"). The answer carries no expiry — the session lasts the org's or the app's session
 * timeout, at least 15 minutes — and names the `instance_url` API calls go to, which is kept.
 *
 * Not expressed: My Domain suffixes beyond the three offered (scratch orgs, Government Cloud);
 * and since the session timeout is not in the answer, the preset assumes the shortest one
 * Salesforce offers (15 minutes) rather than risk handing out an expired token.
 */
export const salesforce: ProviderPreset = {
  id: 'salesforce',
  name: 'Salesforce',
  tokenUrl: 'https://{my_domain}.{org_type}/services/oauth2/token',
  docs: 'https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm',
  instructions: [
    'In Salesforce Setup, open External Client App Manager and select New External Client App; under OAuth Settings select Enable OAuth and the scopes the integration needs.',
    'Under Flow Enablement select Enable Client Credentials Flow, save, then under Policies set the Run As user for the client credentials flow.',
    'Under Settings → OAuth Settings select Consumer Key and Secret, and copy the Consumer Key and Consumer Secret.',
    'Your My Domain name is in Setup → My Domain (acme in acme.my.salesforce.com).',
  ].join('\n'),
  fields: [
    {
      name: 'my_domain',
      label: 'My Domain name',
      hint: 'The part of your My Domain URL before .my.salesforce.com, as Setup → My Domain shows it (acme, or acme--uat for a sandbox).',
      placeholder: 'acme',
      pattern: String.raw`[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?`,
    },
    {
      name: 'org_type',
      label: 'Org type',
      hint: 'Sandboxes and Developer Edition orgs have their own My Domain suffix.',
      options: [
        { value: 'my.salesforce.com', label: 'Production (.my.salesforce.com)' },
        { value: 'sandbox.my.salesforce.com', label: 'Sandbox (.sandbox.my.salesforce.com)' },
        { value: 'develop.my.salesforce.com', label: 'Developer Edition (.develop.my.salesforce.com)' },
      ],
    },
  ],
  authMethod: 'client_secret_post',
  tokenResponse: { defaultLifetime: 900, capture: { instance_url: 'instance_url' } },
};
