import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * X (formerly Twitter) app-only authentication: the OAuth 2.0 client credentials grant at
 * `POST /oauth2/token`, with the app's consumer keys (API Key and Secret) in HTTP Basic, not the
 * "OAuth 2.0 Client ID and Client Secret" X shows for user-context apps. The answer has no
 * `expires_in`: the bearer token stays valid until it is invalidated, and asking again returns the
 * same token, so a day (the longest lifetime a connection keeps) is assumed and it is asked again.
 */
export const x: ProviderPreset = {
  id: 'x',
  name: 'X',
  tokenUrl: 'https://api.x.com/oauth2/token',
  docs: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/application-only',
  instructions: [
    'In the X Developer Console, open your Project and its App, then go to Keys and tokens.',
    'Under Consumer Keys, generate (or regenerate) the API Key and Secret.',
    'Paste the API Key as the Client ID and the API Key Secret as the Client Secret (not the OAuth 2.0 Client ID and Client Secret).',
  ].join('\n'),
  authMethod: 'client_secret_basic',
  tokenResponse: { defaultLifetime: 86400 },
};
