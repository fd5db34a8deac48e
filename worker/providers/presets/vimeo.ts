import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Vimeo unauthenticated (client credentials) tokens, for public data: `POST /oauth/authorize/client`
 * (not `/oauth/access_token`, which is the authorization code exchange), the client identifier and
 * secret in HTTP Basic and a JSON body, as Vimeo's docs show it. The answer
 * has no `expires_in`: these tokens do not expire, so a day is assumed and a new one asked for.
 * Vimeo secrets are 128 characters of the base64 alphabet, so most hold `+` or `/`: sent in Basic
 * those bytes must reach Vimeo as they are (`basicEncoding: 'raw'`; Vimeo's own libraries send
 * them so): form-encoded, a `+` would arrive as `%2B`.
 */
export const vimeo: ProviderPreset = {
  id: 'vimeo',
  name: 'Vimeo',
  tokenUrl: 'https://api.vimeo.com/oauth/authorize/client',
  docs: 'https://developer.vimeo.com/api/authentication#using-the-client-credentials-grant',
  instructions: [
    'On the Vimeo Developer site, go to My Apps and create an app (or open an existing one).',
    'On the app page, copy the Client identifier and one of the Client secrets.',
  ].join('\n'),
  authMethod: 'client_secret_basic',
  scopes: ['public'],
  tokenRequest: { body: 'json', basicEncoding: 'raw' },
  tokenResponse: { defaultLifetime: 86400 },
};
