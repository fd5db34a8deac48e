import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Spotify Web API client credentials: HTTP Basic with the app's Client ID and Client secret, a
 * form body, no scopes (the token reaches only endpoints without user data). The answer's
 * `token_type` is lower-case `bearer`; tokens live an hour.
 */
export const spotify: ProviderPreset = {
  id: 'spotify',
  name: 'Spotify',
  tokenUrl: 'https://accounts.spotify.com/api/token',
  docs: 'https://developer.spotify.com/documentation/web-api/tutorials/client-credentials-flow',
  instructions: [
    'In the Spotify for Developers Dashboard, select Create app, fill in the name and description, tick Web API and save.',
    'Open the app, go to Settings → Basic Information, and copy the Client ID; select View client secret and copy the Client secret.',
  ].join('\n'),
  authMethod: 'client_secret_basic',
};
