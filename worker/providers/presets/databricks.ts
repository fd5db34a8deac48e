import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Databricks OAuth machine-to-machine (a service principal's OAuth secret): Basic client
 * authentication at the workspace's own token endpoint with `scope=all-apis`; tokens live an
 * hour. Workspaces on AWS only (`{workspace}.cloud.databricks.com`): an Azure workspace host
 * (`adb-….7.azuredatabricks.net`) or a GCP one (`….7.gcp.databricks.com`) is two typed labels,
 * which a template cannot take. Account-level tokens (accounts.cloud.databricks.com) are not covered.
 */
export const databricks: ProviderPreset = {
  id: 'databricks',
  name: 'Databricks',
  tokenUrl: 'https://{workspace}.cloud.databricks.com/oidc/v1/token',
  docs: 'https://docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m',
  instructions: [
    'In your Databricks workspace, open Settings → Identity and access → Service principals, and add or select a service principal.',
    'On its Secrets tab choose Generate secret, then copy the Client ID and the Secret.',
    'Grant the service principal access to what the integration uses, and type the workspace name from its URL.',
  ].join('\n'),
  fields: [
    {
      name: 'workspace',
      label: 'Workspace',
      hint: 'The first part of the workspace URL: dbc-a1b2345c-d6e7 in https://dbc-a1b2345c-d6e7.cloud.databricks.com.',
      placeholder: 'dbc-a1b2345c-d6e7',
      pattern: '[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?',
    },
  ],
  authMethod: 'client_secret_basic',
  scopes: ['all-apis'],
};
