// athenahealth's token endpoint for 2-legged OAuth, from
// https://docs.athenahealth.com/api/guides/token-endpoint and
// https://docs.athenahealth.com/api/guides/authentication-and-url-locations : POST
// https://api.platform.athenahealth.com/oauth2/v1/token (Preview: api.preview.platform.athenahealth.com)
// with the client ID and secret "in a basic authorization header" and the form body
// `grant_type=client_credentials&scope=athena/service/Athenanet.MDP.*` (the docs' curl:
// `curl … -u "$CLIENT_ID:$CLIENT_SECRET" -d "grant_type=client_credentials" -d "scope=athena/service/Athenanet.MDP.*"`).
// "Each token is valid for one hour." The endpoint is built on Okta's (its OAuth endpoints say so),
// whose answers are emulated: {"token_type":"Bearer","expires_in":3600,"access_token":"…","scope":"…"};
// 401 invalid_client for a wrong secret, 400 invalid_scope for no scope (no default scope is set) or
// one the app lacks, 400 invalid_request for a non-form body. Enforced: POST, the path, a form body,
// client authentication (Basic, or the body as Okta also reads it), grant_type=client_credentials,
// and the scope.
import { basic, basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: '0oa9x2kq7wBnT4vLp297',
  clientSecret: 'Yq3-Zr8vT1nK6pB0yH4cJ7dF2gS9aE5uR_tY8iO3pM7nQ2vX',
  fields: { environment: 'api.preview.platform' },
  scopes: ['athena/service/Athenanet.MDP.*'],
};
const GRANTED = ['athena/service/Athenanet.MDP.*'];
const ACCESS_TOKEN = 'eyJraWQiOiJhdGhlbmEtcHJldmlldyIsImFsZyI6IlJTMjU2In0.athena-2lo-access-token';

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth2/v1/token') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) {
    return json(400, {
      error: 'invalid_request',
      error_description: 'The request body must be application/x-www-form-urlencoded.',
    });
  }
  const basicPair = basicCredentials(request);
  const credentials = basicPair ?? { id: params.get('client_id'), secret: params.get('client_secret') };
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return json(401, {
      error: 'invalid_client',
      error_description: 'The client secret supplied for a confidential client is invalid.',
    });
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: 'The authorization grant type is not supported by the authorization server.',
    });
  }
  const requested = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (!requested.length) {
    return json(400, {
      error: 'invalid_scope',
      error_description:
        "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
    });
  }
  if (requested.some((scope) => !GRANTED.includes(scope))) {
    return json(400, {
      error: 'invalid_scope',
      error_description: 'One or more scopes are not configured for the authorization server resource.',
    });
  }
  return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: ACCESS_TOKEN, scope: requested.join(' ') });
}

const TOKEN_URL = 'https://api.preview.platform.athenahealth.com/oauth2/v1/token';
const form = (body, headers = { authorization: basic(customer.clientId, customer.clientSecret) }) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'athenahealth',
  docs: [
    'https://docs.athenahealth.com/api/guides/token-endpoint',
    'https://docs.athenahealth.com/api/guides/authentication-and-url-locations',
  ],
  matches: (url) =>
    url.hostname === 'api.platform.athenahealth.com' || url.hostname === 'api.preview.platform.athenahealth.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () => form({ grant_type: 'client_credentials', scope: 'athena/service/Athenanet.MDP.*' }),
  refusals: [
    {
      name: 'no scope',
      request: () => form({ grant_type: 'client_credentials' }),
      status: 400,
    },
    {
      name: 'no client authentication at all',
      request: () => form({ grant_type: 'client_credentials', scope: 'athena/service/Athenanet.MDP.*' }, {}),
      status: 401,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        new Request(TOKEN_URL, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: basic(customer.clientId, customer.clientSecret),
          },
          body: JSON.stringify({ grant_type: 'client_credentials', scope: 'athena/service/Athenanet.MDP.*' }),
        }),
      status: 400,
    },
  ],
};
