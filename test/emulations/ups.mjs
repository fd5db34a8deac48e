// UPS OAuth Client Credentials, from https://developer.ups.com/api/reference/oauth/client-credentials
// (its OpenAPI: https://github.com/UPS-API/api-documentation/blob/main/OAuthClientCredentials.yaml) and
// UPS's own SDK guide (https://github.com/UPS-API/UPS-SDKs): POST /security/v1/oauth/token on
// onlinetools.ups.com (production) or wwwcie.ups.com (Customer Integration Environment), HTTP Basic
// with "Client ID:Client Secret" as they are (the SDKs send Buffer.from(`${id}:${secret}`)), a form
// body with `grant_type=client_credentials` (required) and an optional `x-merchant-id` header. The
// answer's `expires_in` and `issued_at` are strings: {token_type: "Bearer", issued_at: "1706710921672",
// client_id, access_token, expires_in: "14399", status: "approved"}. Errors are
// {response: {errors: [{code, message}]}}: 10401 "ClientId is Invalid" (401, wrong id or secret) and
// 10400 "Invalid/Missing Authorization Header" (401), a bad body 400.
import { basic, basicCredentials, json } from './support.mjs';

const customer = {
  clientId: 'xGQaWJ8pNvT3kR7mYc2LbE5sUd9HfZ4qA6jK1nVtPw0rMyXe',
  clientSecret: 'Hs4KpL8vQ2mN7cR1tY6wB3zF9gD5jA0xE8uV4nM2kP7qS1hW6yT3rC9bL5fJ0dG8',
  fields: { environment: 'onlinetools.ups.com' },
};
const ACCESS_TOKEN =
  'eyJraWQiOiI2NGM0YjYyMC0yZmFhLTQzNTYtYjA0MS1mM2EwZjM2Y2MxZmEiLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzM4NCJ9.ups-token';
const HOSTS = ['onlinetools.ups.com', 'wwwcie.ups.com'];

const upsError = (status, code, message) => json(status, { response: { errors: [{ code, message }] } });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/security/v1/oauth/token')
    return json(404, { error: 'not_found' });
  const credentials = basicCredentials(request);
  if (!credentials) return upsError(401, '10400', 'Invalid/Missing Authorization Header');
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return upsError(401, '10401', 'ClientId is Invalid');
  }
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return upsError(400, '10400', 'Invalid Request');
  }
  const params = new URLSearchParams(await request.text());
  if (params.get('grant_type') !== 'client_credentials') return upsError(400, '10400', 'Invalid/Missing grant_type');
  return json(200, {
    token_type: 'Bearer',
    issued_at: String(Date.now()),
    client_id: customer.clientId,
    access_token: ACCESS_TOKEN,
    expires_in: '14399',
    status: 'approved',
  });
}

const request = (body, headers = {}, contentType = 'application/x-www-form-urlencoded') =>
  new Request(`https://${customer.fields.environment}/security/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
const authorization = () => basic(customer.clientId, customer.clientSecret);

export default {
  id: 'ups',
  docs: [
    'https://developer.ups.com/api/reference/oauth/client-credentials',
    'https://github.com/UPS-API/api-documentation/blob/main/OAuthClientCredentials.yaml',
    'https://github.com/UPS-API/UPS-SDKs',
  ],
  matches: (url) => HOSTS.includes(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 14399 },
  documentedRequest: () =>
    request(new URLSearchParams({ grant_type: 'client_credentials' }), { authorization: authorization() }),
  refusals: [
    {
      name: 'the credentials in the body instead of Basic',
      request: () =>
        request(
          new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: customer.clientId,
            client_secret: customer.clientSecret,
          }),
        ),
      status: 401,
    },
    {
      name: 'no grant_type (required)',
      request: () => request(new URLSearchParams(), { authorization: authorization() }),
      status: 400,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        request(
          JSON.stringify({ grant_type: 'client_credentials' }),
          { authorization: authorization() },
          'application/json',
        ),
      status: 400,
    },
  ],
};
