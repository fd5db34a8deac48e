import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Amazon Cognito user pools, machine-to-machine: the token URL is the user pool's Cognito
 * domain (`<prefix>.auth.<region>.amazoncognito.com`), the app client authenticates with HTTP
 * Basic (the docs' first example; Cognito also takes client_secret_post). Scopes are optional:
 * without them the token has every custom scope the app client allows. Tokens are JWTs living an
 * hour by default (the app client's access token expiration).
 *
 * Not expressed: a custom domain (auth.acme.com) for the user pool (a host of several typed labels).
 */
export const amazonCognito: ProviderPreset = {
  id: 'amazon-cognito',
  name: 'Amazon Cognito',
  tokenUrl: 'https://{domain_prefix}.auth.{region}.amazoncognito.com/oauth2/token',
  docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html',
  instructions: [
    'In the Amazon Cognito console, open the user pool, go to App clients → Create app client, choose Machine-to-machine application, and pick the custom scopes it may request.',
    'Open the app client and copy the Client ID and the Client secret.',
    'Under Branding → Domain, copy the Cognito domain: its prefix is the part before .auth.<region>.amazoncognito.com.',
  ].join('\n'),
  fields: [
    {
      name: 'domain_prefix',
      label: 'Cognito domain prefix',
      hint: 'acme in acme.auth.us-east-1.amazoncognito.com.',
      placeholder: 'acme',
      pattern: String.raw`[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?`,
    },
    {
      name: 'region',
      label: 'AWS Region',
      hint: 'The user pool’s Region, as its Cognito domain shows it.',
      placeholder: 'us-east-1',
      pattern: '[a-z]{2}(?:-gov)?-[a-z]+-[0-9]{1,2}',
    },
  ],
  authMethod: 'client_secret_basic',
};
