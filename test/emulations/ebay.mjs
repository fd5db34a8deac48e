// eBay's token endpoint for Application access tokens, from
// https://developer.ebay.com/api-docs/static/oauth-client-credentials-grant.html and
// https://developer.ebay.com/api-docs/static/oauth-qref-client-credentials-grant.html : POST
// https://api.ebay.com/identity/v1/oauth2/token (Sandbox: api.sandbox.ebay.com) with
// `Content-Type: application/x-www-form-urlencoded`, `Authorization: Basic base64(<client_id>:<client_secret>)`
// and the body `grant_type=client_credentials&scope=<URL-encoded, space-separated scopes>`.
// The answer: {"access_token":"v^1.1#i^1#…","expires_in":7200,"token_type":"Application Access Token"}.
// Errors are RFC 6749's: 401 invalid_client "client authentication failed" for wrong or missing
// credentials, 400 invalid_scope for a scope the keyset is not granted, 400 invalid_request for a
// malformed request (as eBay's answers reported in its own SDKs' issues show). Enforced: POST, the
// path, a form body, Basic only, grant_type=client_credentials, a scope within the keyset's grant.
import { basic, basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: 'AcmeCorp-Listings-PRD-a1b2c3d4e-5f6a7b8c',
  clientSecret: 'PRD-1b2c3d4e5f6a-7b8c-9d0e-1f2a-3b4c',
  fields: { environment: 'api' },
  scopes: ['https://api.ebay.com/oauth/api_scope'],
};
const GRANTED = new Set(['https://api.ebay.com/oauth/api_scope', 'https://api.ebay.com/oauth/api_scope/buy.item.feed']);
const ACCESS_TOKEN =
  'v^1.1#i^1#p^1#r^0#I^3#f^0#t^H4sIAAAAAAAAAOVYa2wUVRTe7W5LKhQwRcQGbWcRfNDdnbnz2t2R3WT7grWP3XZbQBLS3J25044';

const malformed = () =>
  json(400, { error: 'invalid_request', error_description: 'request is missing a required parameter or malformed.' });
const unauthenticated = () => json(401, { error: 'invalid_client', error_description: 'client authentication failed' });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/identity/v1/oauth2/token')
    return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) return malformed();
  const credentials = basicCredentials(request);
  if (!credentials || params.has('client_secret')) return unauthenticated();
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) return unauthenticated();
  const grantType = params.get('grant_type');
  if (!grantType) return malformed();
  if (grantType !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: 'grant type in request is not supported by the authorization server',
    });
  }
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.some((scope) => !GRANTED.has(scope))) {
    return json(400, {
      error: 'invalid_scope',
      error_description:
        'The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client',
    });
  }
  return json(200, { access_token: ACCESS_TOKEN, expires_in: 7200, token_type: 'Application Access Token' });
}

const TOKEN_URL = 'https://api.ebay.com/identity/v1/oauth2/token';
const form = (body, headers = {}) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = () => ({ authorization: basic(customer.clientId, customer.clientSecret) });

export default {
  id: 'ebay',
  docs: [
    'https://developer.ebay.com/api-docs/static/oauth-client-credentials-grant.html',
    'https://developer.ebay.com/api-docs/static/oauth-qref-client-credentials-grant.html',
  ],
  matches: (url) => url.hostname === 'api.ebay.com' || url.hostname === 'api.sandbox.ebay.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 7200 },
  documentedRequest: () =>
    form({ grant_type: 'client_credentials', scope: 'https://api.ebay.com/oauth/api_scope' }, authorization()),
  refusals: [
    {
      name: 'the App ID and Cert ID in the body instead of Basic',
      request: () =>
        form({
          grant_type: 'client_credentials',
          scope: 'https://api.ebay.com/oauth/api_scope',
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
        }),
      status: 401,
    },
    {
      name: 'a scope the keyset is not granted',
      request: () =>
        form(
          { grant_type: 'client_credentials', scope: 'https://api.ebay.com/oauth/api_scope/sell.fulfillment' },
          authorization(),
        ),
      status: 400,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        new Request(TOKEN_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authorization() },
          body: JSON.stringify({ grant_type: 'client_credentials', scope: 'https://api.ebay.com/oauth/api_scope' }),
        }),
      status: 400,
    },
  ],
};
