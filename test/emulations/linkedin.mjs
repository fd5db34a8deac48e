// LinkedIn's token endpoint for the Client Credential Flow (2-legged OAuth), from
// https://learn.microsoft.com/en-us/linkedin/shared/authentication/client-credentials-flow : POST
// https://www.linkedin.com/oauth/v2/accessToken with `Content-Type: application/x-www-form-urlencoded`
// and grant_type=client_credentials, client_id and client_secret in the body ("client secrets can
// include characters like /,=,+ which require URL encoding"). The docs name no other place for
// the credentials (its authorization code exchange puts them in the body too), so Basic is not read.
// The docs' sample answer: {"access_token":"AQV8…","expires_in":"1800"} (a string; 30 minutes).
// Errors are RFC 6749's: 401 invalid_client "Client authentication failed", 400 invalid_request
// for a missing parameter (e.g. 'A required parameter "grant_type" is missing'). Enforced: POST, the
// path, a form body, the credentials in the body, grant_type=client_credentials.
import { basic, formParams, json } from './support.mjs';

const customer = {
  clientId: '86yex0zuofjtwt',
  clientSecret: 'WPL_AP1.kZ3xQ9vN2mT7rB4s.Yw/8+Hg==',
};
const ACCESS_TOKEN =
  'AQV8Xk3m9Zq2LpR7vT4yB1nC6sD0fG5hJ8kW3eA2uI9oP7lQ4zX1cV6bN0mS5dF8gH2jK7tY3rE9wU4iO1pA6sZ0xC5vB8nM2qL7kJ3hG9fD4';
const UNAUTHENTICATED = { error: 'invalid_client', error_description: 'Client authentication failed' };

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/v2/accessToken') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) {
    return json(400, { error: 'invalid_request', error_description: 'A required parameter "grant_type" is missing' });
  }
  for (const name of ['grant_type', 'client_id', 'client_secret']) {
    if (!params.get(name)) {
      if (name !== 'grant_type' && request.headers.has('authorization')) return json(401, UNAUTHENTICATED);
      return json(400, { error: 'invalid_request', error_description: `A required parameter "${name}" is missing` });
    }
  }
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return json(401, UNAUTHENTICATED);
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: 'The provided value for the input parameter "grant_type" is not valid.',
    });
  }
  return json(200, { access_token: ACCESS_TOKEN, expires_in: '1800' });
}

const TOKEN_URL = 'https://www.linkedin.com/oauth/v2/accessToken';
const form = (body, headers = {}) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'linkedin',
  docs: ['https://learn.microsoft.com/en-us/linkedin/shared/authentication/client-credentials-flow'],
  matches: (url) => url.hostname === 'www.linkedin.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 1800 },
  documentedRequest: () =>
    form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
  refusals: [
    {
      name: 'the client ID and secret in Basic instead of the body',
      request: () =>
        form({ grant_type: 'client_credentials' }, { authorization: basic(customer.clientId, customer.clientSecret) }),
      status: 401,
    },
    {
      name: 'no grant_type',
      request: () => form({ client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 400,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        new Request(TOKEN_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: customer.clientId,
            client_secret: customer.clientSecret,
          }),
        }),
      status: 400,
    },
  ],
};
