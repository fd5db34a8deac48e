// Zoom's token endpoint for Server-to-Server OAuth apps, from
// https://developers.zoom.us/docs/internal-apps/s2s-oauth/ : POST https://zoom.us/oauth/token
// with `grant_type=account_credentials&account_id=…` (form body or query string), the client
// authenticated with HTTP Basic (base64 of "Client_ID:Client_Secret", nothing form-encoded).
// The answer: {access_token, token_type: "bearer", expires_in: 3599, scope, api_url}.
// A wrong secret is 401 {"reason": "Invalid client_id or client_secret", "error": "invalid_client"};
// the grant of an OAuth (user) app, or a missing account id, is 400 unsupported_grant_type /
// invalid_request (https://developers.zoom.us/blog/s2s-token-generation-troubleshoot/).
import { basic, basicCredentials, formEncodedBasic, formParams, json } from './support.mjs';

const customer = {
  clientId: 'Xq3vU_7rT-mK2pLw9sYd',
  clientSecret: 'vR8.nT2_xK5-wQ9~mZ4pL7bH3cJ6fD1s',
  fields: { account_id: 'gYz8S9w5Q5yrDoIvmdClYw' },
};
const ACCESS_TOKEN = 'eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIn0.zoom-s2s-token';

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) return json(400, { reason: 'Unsupported content type', error: 'invalid_request' });
  const basic = basicCredentials(request);
  if (!basic || params.has('client_secret')) {
    return json(401, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  }
  if (basic.id !== customer.clientId || basic.secret !== customer.clientSecret) {
    return json(401, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  }
  if (params.get('grant_type') !== 'account_credentials') {
    return json(400, { reason: 'unsupported grant type', error: 'unsupported_grant_type' });
  }
  if (params.get('account_id') !== customer.fields.account_id) {
    return json(400, { reason: 'Invalid request : Missing or invalid account id', error: 'invalid_request' });
  }
  return json(200, {
    access_token: ACCESS_TOKEN,
    token_type: 'bearer',
    expires_in: 3599,
    scope: 'user:read:admin meeting:read:admin',
    api_url: 'https://api.zoom.us',
  });
}

const form = (body, headers = {}) =>
  new Request('https://zoom.us/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'zoom',
  docs: [
    'https://developers.zoom.us/docs/internal-apps/s2s-oauth/',
    'https://developers.zoom.us/blog/s2s-token-generation-troubleshoot/',
  ],
  matches: (url) => url.hostname === 'zoom.us',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3599 },
  documentedRequest: () =>
    new Request(`https://zoom.us/oauth/token?grant_type=account_credentials&account_id=${customer.fields.account_id}`, {
      method: 'POST',
      headers: { authorization: basic(customer.clientId, customer.clientSecret) },
    }),
  refusals: [
    {
      name: 'the credentials in the body instead of Basic',
      request: () =>
        form({
          grant_type: 'account_credentials',
          account_id: customer.fields.account_id,
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
        }),
      status: 401,
    },
    {
      name: 'the RFC 6749 client_credentials grant',
      request: () =>
        form({ grant_type: 'client_credentials' }, { authorization: basic(customer.clientId, customer.clientSecret) }),
      status: 400,
    },
    {
      name: 'Basic credentials form-encoded before base64 (RFC 6749 §2.3.1), which Zoom does not decode',
      request: () =>
        form(
          { grant_type: 'account_credentials', account_id: customer.fields.account_id },
          { authorization: formEncodedBasic(customer.clientId, customer.clientSecret) },
        ),
      status: 401,
    },
    {
      name: 'no account id',
      request: () =>
        form({ grant_type: 'account_credentials' }, { authorization: basic(customer.clientId, customer.clientSecret) }),
      status: 400,
    },
  ],
};
