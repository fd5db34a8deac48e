import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Reddit application-only OAuth: the client credentials grant for web apps and scripts, with the
 * app's client ID and secret in HTTP Basic, read as they are (Reddit ids and secrets hold `-` and
 * `_`). Reddit's API rules ask every client for a unique, descriptive User-Agent naming the app and
 * its developer's Reddit username, and throttle or refuse generic ones: the person types the
 * username and the User-Agent is built from it. Tokens live an hour.
 */
export const reddit: ProviderPreset = {
  id: 'reddit',
  name: 'Reddit',
  tokenUrl: 'https://www.reddit.com/api/v1/access_token',
  docs: 'https://github.com/reddit-archive/reddit/wiki/OAuth2',
  instructions: [
    'On Reddit, open https://www.reddit.com/prefs/apps and click "are you a developer? create an app...".',
    'Choose "web app" or "script", name it, and click "create app".',
    "Copy the client ID shown under the app's name and the secret, and enter the Reddit username that owns the app.",
  ].join('\n'),
  fields: [
    {
      name: 'reddit_username',
      label: 'Reddit username',
      hint: 'The account that created the app, without /u/: Reddit asks for it in the User-Agent.',
      placeholder: 'acme_bot',
      pattern: '[A-Za-z0-9_\\-]{3,20}',
    },
  ],
  authMethod: 'client_secret_basic',
  tokenRequest: { headers: { 'User-Agent': 'server:{client_id}:v1.0 (by /u/{reddit_username})' } },
};
