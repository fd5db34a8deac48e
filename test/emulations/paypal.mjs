// PayPal's OAuth 2.0 token endpoint for REST apps, from
// https://developer.paypal.com/api/rest/authentication/ (and
// https://developer.paypal.com/reference/get-an-access-token): POST
// https://api-m.sandbox.paypal.com/v1/oauth2/token (Live: api-m.paypal.com), `-u
// "CLIENT_ID:CLIENT_SECRET"` — HTTP Basic, "Encode CLIENT_ID:CLIENT_SECRET in Base64" — and a form
// body `grant_type=client_credentials`. The answer: {scope, access_token, token_type: "Bearer",
// app_id, expires_in (about 32400), nonce}. Credentials that are wrong or not in the header:
// INVALID_CLIENT, "Set the correct base64-encoded client_id:secret in the header"
// (https://developer.paypal.com/api/identity/v1/errors/invalid_client), on the wire 401
// {"error": "invalid_client", "error_description": "Client Authentication failed"} (as reported in
// https://github.com/paypal/PayPal-node-SDK/issues/141); no grant_type (a JSON body reads as none)
// is 400 {"error": "unsupported_grant_type", "error_description": "Grant Type is NULL"}.
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: 'AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRSkUHD_yTbiS4kG8oGcQPh',
  clientSecret: 'EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbLEpK2sRCaXq7NeyF0W1zT',
  fields: { environment: 'api-m.sandbox.paypal.com' },
};
const HOSTS = ['api-m.paypal.com', 'api-m.sandbox.paypal.com', 'api.paypal.com', 'api.sandbox.paypal.com'];
const ACCESS_TOKEN =
  'A21AAFEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXTIeWAZHSLIsQkSYz9ifg';

async function handle(request) {
  const url = new URL(request.url);
  if (
    request.method !== 'POST' ||
    url.pathname !== '/v1/oauth2/token' ||
    url.hostname !== customer.fields.environment
  ) {
    return json(404, { name: 'RESOURCE_NOT_FOUND', message: 'The specified resource does not exist.' });
  }
  const basic = basicCredentials(request);
  if (!basic || basic.id !== customer.clientId || basic.secret !== customer.clientSecret) {
    return json(401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
  }
  const params = await formParams(request);
  const grantType = params?.get('grant_type');
  if (!grantType) return json(400, { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' });
  if (grantType !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: `Grant Type ${grantType} is not supported`,
    });
  }
  return json(200, {
    scope: 'https://uri.paypal.com/services/invoicing https://uri.paypal.com/services/payments/payment openid',
    access_token: ACCESS_TOKEN,
    token_type: 'Bearer',
    app_id: 'APP-80W284485P519543T',
    expires_in: 32400,
    nonce: '2026-12-05T10:00:00ZaYZlGvEkV4yVSz8g6bAKFoGSEzuy3CQcz3ljhibkOHg',
  });
}

const TOKEN_URL = `https://${customer.fields.environment}/v1/oauth2/token`;
const basicHeader = `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}`;
const form = (body, headers = {}) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'paypal',
  docs: [
    'https://developer.paypal.com/api/rest/authentication/',
    'https://developer.paypal.com/reference/get-an-access-token',
    'https://developer.paypal.com/api/identity/v1/errors/invalid_client',
  ],
  matches: (url) => HOSTS.includes(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 32400 },
  documentedRequest: () => form({ grant_type: 'client_credentials' }, { authorization: basicHeader }),
  refusals: [
    {
      name: 'the credentials in the body instead of Basic',
      request: () =>
        form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 401,
    },
    {
      name: 'no grant_type',
      request: () => form({}, { authorization: basicHeader }),
      status: 400,
    },
    {
      name: 'a JSON body instead of a form',
      request: () =>
        new Request(TOKEN_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: basicHeader },
          body: JSON.stringify({ grant_type: 'client_credentials' }),
        }),
      status: 400,
    },
  ],
};
