// Vanta's token endpoint, from https://developer.vanta.com/docs/concepts/authentication,
// https://developer.vanta.com/docs/rest-api-authentication and https://developer.vanta.com/reference/overview :
// POST https://api.vanta.com/oauth/token (Vanta Government Cloud: https://api.vanta-gov.com) with
// `Content-Type: application/json` and the body {"client_id":…,"client_secret":…,"scope":
// "vanta-api.all:read vanta-api.all:write","grant_type":"client_credentials"}. "Vanta does not
// support API keys, basic auth, or session cookies for the API"; "tokens last one hour". The answer:
// {"access_token":"vat_…","expires_in":3599,"token_type":"Bearer"}. Failures are emulated with RFC
// 6749 bodies: 401 invalid_client for wrong or absent body credentials, 400 invalid_scope for no scope
// or one the application type does not allow, 400 invalid_request for a body that is not JSON.
// Enforced: POST, the path, a JSON body, the credentials in it, grant_type=client_credentials, a scope.
import { basic, json, jsonBody } from './support.mjs';

const customer = {
  clientId: 'vci_8f3a2c1e9b7d4f6a5c0e2d1b8a7f6e5d4c3b2a19',
  clientSecret: 'vcs_2b9e4d7a1c8f5e3b6a0d9c2f7e4b1a8d5c3f0e6b9a2d7c4f1e8b5a3d0c6f9e2b',
  fields: { cloud: 'vanta' },
  scopes: ['vanta-api.all:read'],
};
const ALLOWED = ['vanta-api.all:read', 'vanta-api.all:write'];
const ACCESS_TOKEN = 'vat_5e1c9a3f7b2d4e8a6c0f1b9d3e7a5c2f8b4d6e0a1c3f5b7d9e2a4c6f8b0d1e3a';

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token') return json(404, { error: 'not_found' });
  const body = await jsonBody(request);
  if (!body) return json(400, { error: 'invalid_request', error_description: 'The request body must be JSON.' });
  if (body.client_id !== customer.clientId || body.client_secret !== customer.clientSecret) {
    return json(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
  }
  if (body.grant_type !== 'client_credentials') {
    return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type.' });
  }
  const scopes = typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [];
  if (!scopes.length || scopes.some((scope) => !ALLOWED.includes(scope))) {
    return json(400, { error: 'invalid_scope', error_description: 'The requested scope is invalid.' });
  }
  return json(200, { access_token: ACCESS_TOKEN, expires_in: 3599, token_type: 'Bearer' });
}

const TOKEN_URL = 'https://api.vanta.com/oauth/token';
const post = (body, headers = {}) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const documented = {
  client_id: customer.clientId,
  client_secret: customer.clientSecret,
  scope: 'vanta-api.all:read vanta-api.all:write',
  grant_type: 'client_credentials',
};

export default {
  id: 'vanta',
  docs: [
    'https://developer.vanta.com/docs/concepts/authentication',
    'https://developer.vanta.com/docs/rest-api-authentication',
    'https://developer.vanta.com/reference/overview',
  ],
  matches: (url) => url.hostname === 'api.vanta.com' || url.hostname === 'api.vanta-gov.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3599 },
  documentedRequest: () => post(documented),
  refusals: [
    {
      name: 'the client ID and secret in Basic instead of the body',
      request: () =>
        post(
          { scope: 'vanta-api.all:read', grant_type: 'client_credentials' },
          { authorization: basic(customer.clientId, customer.clientSecret) },
        ),
      status: 401,
    },
    {
      name: 'a form body where JSON is required',
      request: () =>
        new Request(TOKEN_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(documented),
        }),
      status: 400,
    },
    {
      name: 'no scope',
      request: () =>
        post({ client_id: customer.clientId, client_secret: customer.clientSecret, grant_type: 'client_credentials' }),
      status: 400,
    },
  ],
};
