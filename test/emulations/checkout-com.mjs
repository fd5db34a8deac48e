// Checkout.com access keys (OAuth 2.0 client credentials), from
// https://www.checkout.com/docs/developer-resources/api/manage-api-keys/oauth-2-0-client-credentials and
// https://www.checkout.com/docs/developer-resources/api/api-endpoints (account-specific base URLs:
// the prefix is the first eight characters of the account's client_id after `cli_`): POST
// https://{prefix}.access.checkout.com/connect/token (test: {prefix}.access.sandbox.checkout.com) with
// the access key id (ack_…) and secret as HTTP Basic ("with the Basic prefix in the Authorization
// header"), `Content-Type: application/x-www-form-urlencoded`, body `grant_type=client_credentials`
// and an optional `scope` (gateway, vault, …; without it the token has every scope of the key). The
// answer: {access_token, expires_in: 3600, token_type: "Bearer", scope}. An unknown key or wrong
// secret is 400 {"error": "invalid_client"} (OAuth error codes, no description), another grant
// 400 unsupported_grant_type, a scope the key lacks 400 invalid_scope. /connect/token is an
// IdentityServer endpoint, which by default also reads the credentials from the body; so does this one.
import { basic, basicCredentials, json } from './support.mjs';

const customer = {
  clientId: 'ack_vvzhoai466su3j3vbxb47ts5oe',
  clientSecret: 'Tlc9Un7iHa8IJq-rM7yzZYP7Bmm2iCDKXBzFRhGGLTUsNIm0KVqyngyiF_zR9g-B47RDJhbTuPYqSi-KqApIhA',
  fields: { prefix: 'vkuhvk4v', environment: 'access.sandbox.checkout.com' },
  scopes: ['gateway'],
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImFybjphd3M6a21zOmV1LXdlc3QtMSIsInR5cCI6ImF0K2p3dCJ9.checkout-access-token';
const KEY_SCOPES = ['gateway', 'vault', 'disputes'];

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/connect/token') return json(404, { error: 'not_found' });
  if (!url.hostname.startsWith(`${customer.fields.prefix}.`)) return json(400, { error: 'invalid_client' });
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return json(400, { error: 'invalid_request' });
  }
  const params = new URLSearchParams(await request.text());
  const credentials = basicCredentials(request) ?? { id: params.get('client_id'), secret: params.get('client_secret') };
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return json(400, { error: 'invalid_client' });
  }
  if (params.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
  const requested = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (!requested.every((scope) => KEY_SCOPES.includes(scope))) return json(400, { error: 'invalid_scope' });
  const granted = requested.length > 0 ? requested : KEY_SCOPES;
  return json(200, { access_token: ACCESS_TOKEN, expires_in: 3600, token_type: 'Bearer', scope: granted.join(' ') });
}

const form = (body, headers = {}) =>
  new Request(`https://${customer.fields.prefix}.${customer.fields.environment}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = () => basic(customer.clientId, customer.clientSecret);

export default {
  id: 'checkout-com',
  docs: [
    'https://www.checkout.com/docs/developer-resources/api/manage-api-keys/oauth-2-0-client-credentials',
    'https://www.checkout.com/docs/developer-resources/api/api-endpoints',
  ],
  matches: (url) => /^[a-z0-9]{8}\.access\.(sandbox\.)?checkout\.com$/.test(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () =>
    form({ grant_type: 'client_credentials', scope: 'gateway' }, { authorization: authorization() }),
  refusals: [
    {
      name: 'a scope the access key was not given',
      request: () => form({ grant_type: 'client_credentials', scope: 'payouts' }, { authorization: authorization() }),
      status: 400,
    },
    {
      name: 'a grant other than client_credentials',
      request: () => form({ grant_type: 'password', scope: 'gateway' }, { authorization: authorization() }),
      status: 400,
    },
  ],
};
