import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Auth0 machine-to-machine applications: the token URL is the tenant's Auth0 domain, and the
 * request names the API the token is for as `audience` (its Identifier), which the person types;
 * the credentials go in the body (the application's default "Client Secret (Post)"). Auth0 also
 * takes a JSON body. Tokens are JWTs living a day by default (the API's Token Expiration).
 *
 * Not expressed: a custom domain (login.acme.com) instead of the tenant's Auth0 domain (a host
 * of several typed labels); Auth0's optional `organization` parameter.
 */
export const auth0: ProviderPreset = {
  id: 'auth0',
  name: 'Auth0',
  tokenUrl: 'https://{tenant}.{region}/oauth/token',
  docs: 'https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow',
  instructions: [
    'In the Auth0 Dashboard, go to Applications → Applications → Create Application and choose Machine to Machine Applications.',
    'Select the API the integration calls, authorize the application for it and pick the permissions it needs.',
    'On the application’s Settings tab, copy the Domain, Client ID and Client Secret; the API’s Identifier is on its own Settings tab under Applications → APIs.',
  ].join('\n'),
  fields: [
    {
      name: 'tenant',
      label: 'Tenant',
      hint: 'The first part of the application’s Domain: acme in acme.us.auth0.com.',
      placeholder: 'acme',
      pattern: String.raw`[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?`,
    },
    {
      name: 'region',
      label: 'Region',
      hint: 'The rest of the Domain after the tenant name.',
      options: [
        { value: 'us.auth0.com', label: 'us.auth0.com' },
        { value: 'eu.auth0.com', label: 'eu.auth0.com' },
        { value: 'au.auth0.com', label: 'au.auth0.com' },
        { value: 'jp.auth0.com', label: 'jp.auth0.com' },
        { value: 'uk.auth0.com', label: 'uk.auth0.com' },
        { value: 'auth0.com', label: 'auth0.com (older US tenants)' },
      ],
    },
    {
      name: 'api_identifier',
      label: 'API Identifier',
      hint: 'Applications → APIs → the API → Settings → Identifier; for the Management API it is https://<your domain>/api/v2/.',
      placeholder: 'https://api.example.com/',
    },
  ],
  authMethod: 'client_secret_post',
  params: { audience: '{api_identifier}' },
};
