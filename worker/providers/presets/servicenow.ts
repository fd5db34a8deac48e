import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * ServiceNow inbound OAuth with the client credentials grant: the instance's own
 * `/oauth_token.do`, the client id and secret in the form body. The instance admin must enable
 * the grant (the `glide.oauth.inbound.client.credential.grant_type.enabled` system property, off
 * by default) and give the OAuth client an OAuth Application User, whose rights the token
 * carries. Tokens live 30 minutes by default (the client's Access token lifespan).
 *
 * A wrong secret, and a grant not enabled, both come back as 401
 * `{"error": "server_error", "error_description": "access_denied"}`.
 * Not expressed: instances on a custom URL or on servicenowservices.com.
 */
export const servicenow: ProviderPreset = {
  id: 'servicenow',
  name: 'ServiceNow',
  tokenUrl: 'https://{instance}.service-now.com/oauth_token.do',
  docs: 'https://www.servicenow.com/docs/r/platform-security/authentication/client-credentials-grant-workflow.html',
  instructions: [
    'In ServiceNow, go to Machine Identity Console → Inbound integrations → New integration → OAuth - Client credential grant.',
    'Name it, fill in the Provider name, choose the Auth scope the integration needs, and save; copy the Client ID and Client Secret.',
    'On older releases use System OAuth → Application Registry → Create an OAuth API endpoint for external clients, set its OAuth Application User, and set the system property glide.oauth.inbound.client.credential.grant_type.enabled to true.',
  ].join('\n'),
  fields: [
    {
      name: 'instance',
      label: 'Instance name',
      hint: 'The first part of your instance URL: acme in acme.service-now.com.',
      placeholder: 'acme',
      pattern: String.raw`[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?`,
    },
  ],
  authMethod: 'client_secret_post',
};
