import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Okta API Access Management: a custom authorization server (`default` or one of the org's own)
 * at the org's Okta domain, the client authenticated with HTTP Basic (a service app's default,
 * "Client secret"), and at least one custom scope, which the host names in the session unless
 * the authorization server has default scopes. Tokens are JWTs living an hour by default.
 *
 * Not expressed: a custom URL domain (login.acme.com) in place of the Okta domain (a host of
 * several typed labels), and the org authorization server for Okta's own management scopes
 * (okta.*), which takes only a private_key_jwt client, not a secret.
 */
export const okta: ProviderPreset = {
  id: 'okta',
  name: 'Okta',
  tokenUrl: 'https://{okta_org}.{okta_domain}/oauth2/{authorization_server_id}/v1/token',
  docs: 'https://developer.okta.com/docs/guides/implement-grant-type/clientcreds/main/',
  instructions: [
    'In the Okta Admin Console, go to Applications → Applications → Create App Integration, choose API Services, name it and save.',
    'On the app’s General tab, copy the Client ID and the Client secret (Client authentication: Client secret).',
    'Under Security → API → Authorization Servers, note the server’s ID (default, or aus…), and make sure its Access Policies allow this app the Client Credentials grant and the scopes it needs.',
  ].join('\n'),
  fields: [
    {
      name: 'okta_org',
      label: 'Okta organization',
      hint: 'The first part of your Okta domain: acme in acme.okta.com, or dev-12345678 in dev-12345678.okta.com.',
      placeholder: 'acme',
      pattern: String.raw`[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?`,
    },
    {
      name: 'okta_domain',
      label: 'Okta domain',
      options: [
        { value: 'okta.com', label: 'okta.com' },
        { value: 'oktapreview.com', label: 'oktapreview.com (preview orgs)' },
        { value: 'okta-emea.com', label: 'okta-emea.com' },
      ],
    },
    {
      name: 'authorization_server_id',
      label: 'Authorization server ID',
      hint: 'Security → API → Authorization Servers: default, or the ID of a custom server (aus…).',
      placeholder: 'default',
      pattern: 'default|[A-Za-z0-9]{20}',
    },
  ],
  authMethod: 'client_secret_basic',
};
