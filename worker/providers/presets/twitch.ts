import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Twitch app access tokens (client credentials grant flow): the client ID and secret go in the
 * form body — Twitch does not read a Basic header. The answer's `token_type` is lower-case
 * `bearer` and tokens live about two months; errors are `{status, message}` without an OAuth
 * error code (a wrong secret is 403 "invalid client secret").
 */
export const twitch: ProviderPreset = {
  id: 'twitch',
  name: 'Twitch',
  tokenUrl: 'https://id.twitch.tv/oauth2/token',
  docs: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#client-credentials-grant-flow',
  instructions: [
    'In the Twitch Developer Console, go to Applications → Register Your Application, give it a name, an OAuth Redirect URL (http://localhost works) and a category, and select Create.',
    'Select Manage on the new application, copy the Client ID, and select New Secret to get the Client Secret.',
  ].join('\n'),
  authMethod: 'client_secret_post',
};
