// Pipedream's token endpoint for workspace OAuth clients, from
// https://pipedream.com/docs/rest-api/api-reference/oauth/get-a-new-access-token,
// https://pipedream.com/docs/rest-api/auth and https://pipedream.com/docs/connect/api-reference/create-oauth-token :
// POST https://api.pipedream.com/v1/oauth/token with `Content-Type: application/json` and
// {"grant_type":"client_credentials","client_id":"<client_id>","client_secret":"<client secret>"},
// plus an optional space-separated `scope` (none means `*`). The answer:
// {"access_token":"<access token (a JWT)>","token_type":"Bearer","expires_in":3600,"created_at":1645142400}.
// Pipedream documents no error answers; its `created_at` member is that of Doorkeeper (the Rails OAuth
// server), whose behaviour is emulated: the credentials are also read from Basic or a form, 401
// invalid_client for an unknown client or a wrong secret, 400 unsupported_grant_type, 400
// invalid_scope for a scope outside the documented list. Enforced: POST, the path, a JSON or form
// body, client authentication, grant_type=client_credentials, documented scopes.
import { basicCredentials, formParams, json, jsonBody } from './support.mjs';

const customer = {
  clientId: 'Zq8mK2xR9vT4nL7pB3yH6cJ1dF5gS0aE2uR7tY9iO4p',
  clientSecret: 'x-Lm7Vn_K4pZ8wB3yH6cJ1dF5gS0aE2uR7tY9iO4pM8',
};
const SCOPES = /^(\*|connect:\*|connect:(actions|triggers):\*|connect:[a-z_]+:(read|write)|workflows:[a-z_]+)$/;
const ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.pipedream-workspace-client-token.Hs8p2mQ7vT4nL9xR3kB6yJ1c';

async function params(request) {
  if (/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    const body = await jsonBody(request);
    return body && new Map(Object.entries(body).map(([name, value]) => [name, String(value)]));
  }
  const form = await formParams(request);
  return form && new Map(form);
}

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/v1/oauth/token') return json(404, { error: 'Not Found' });
  const body = await params(request);
  if (!body)
    return json(400, { error: 'invalid_request', error_description: 'The request is missing a required parameter.' });
  const credentials = basicCredentials(request) ?? { id: body.get('client_id'), secret: body.get('client_secret') };
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return json(401, {
      error: 'invalid_client',
      error_description:
        'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    });
  }
  if (body.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: 'The authorization grant type is not supported by the authorization server.',
    });
  }
  const scopes = (body.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.some((scope) => !SCOPES.test(scope))) {
    return json(400, {
      error: 'invalid_scope',
      error_description: 'The requested scope is invalid, unknown, or malformed.',
    });
  }
  return json(200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600, created_at: 1767225600 });
}

const post = (body) =>
  new Request('https://api.pipedream.com/v1/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

export default {
  id: 'pipedream',
  docs: [
    'https://pipedream.com/docs/rest-api/api-reference/oauth/get-a-new-access-token',
    'https://pipedream.com/docs/rest-api/auth',
    'https://pipedream.com/docs/connect/api-reference/create-oauth-token',
  ],
  matches: (url) => url.hostname === 'api.pipedream.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () =>
    post({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
  refusals: [
    {
      name: 'no client secret',
      request: () => post({ grant_type: 'client_credentials', client_id: customer.clientId }),
      status: 401,
    },
    {
      name: 'the password grant',
      request: () =>
        post({ grant_type: 'password', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 400,
    },
    {
      name: 'a scope Pipedream does not know',
      request: () =>
        post({
          grant_type: 'client_credentials',
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
          scope: 'admin:everything',
        }),
      status: 400,
    },
  ],
};
