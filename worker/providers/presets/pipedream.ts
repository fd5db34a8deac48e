import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Pipedream REST and Connect APIs: workspace OAuth clients are client credentials applications.
 * The grant goes to `/v1/oauth/token` as one JSON object holding grant_type, client_id and
 * client_secret, as Pipedream's reference shows; a space-separated `scope` is optional (none
 * means full access, `*`). Tokens are JWTs that live an hour; the answer also carries `created_at`.
 */
export const pipedream: ProviderPreset = {
  id: 'pipedream',
  name: 'Pipedream',
  tokenUrl: 'https://api.pipedream.com/v1/oauth/token',
  docs: 'https://pipedream.com/docs/rest-api/api-reference/oauth/get-a-new-access-token',
  instructions: [
    "In Pipedream, open your workspace's API settings (Settings → API) and click New OAuth Client.",
    'Name the client and click Create, then copy the client secret (it is not shown again).',
    'Copy the client ID from the list of OAuth clients.',
  ].join('\n'),
  authMethod: 'client_secret_post',
  tokenRequest: { body: 'json' },
};
