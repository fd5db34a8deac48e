// Zuora's "Create an OAuth token" operation, from
// https://developer.zuora.com/v1-api-reference/api/operation/createToken/ (base URLs per data center
// and environment: https://developer.zuora.com/v1-api-reference/introduction/): POST
// https://<rest host>.zuora.com/oauth/token, `application/x-www-form-urlencoded`, with client_id,
// client_secret and grant_type=client_credentials (its only value); "do not set any authentication
// headers such as Authorization". The answer (TokenResponse): {"access_token":"…","token_type":
// "bearer","expires_in":3599,"scope":"…","jti":"…"}. The reference documents 200 and 429 only; other
// failures are emulated with RFC 6749 bodies: 401 invalid_client when the client is not authenticated
// by the body (an Authorization header instead, a wrong or missing secret), 400
// unsupported_grant_type for another grant. Enforced: POST, the path, a form body, the credentials in
// the body and no Authorization header, grant_type=client_credentials.
import { basic, formParams, json } from './support.mjs';

const customer = {
  clientId: '5c8f2a1e-3b7d-4e9a-8c6f-1d2e3f4a5b6c',
  clientSecret: '7JS6SzUk7xmwYjZ=fj4/aNq2EEXmTr9hmUSx4Ux',
  fields: { environment: 'rest.na' },
};
const HOSTS = new Set(
  ['rest.na', 'rest', 'rest.sandbox.na', 'rest.apisandbox', 'rest.test', 'rest.eu', 'rest.sandbox.eu']
    .concat(['rest.test.eu', 'rest.ap', 'rest.test.ap'])
    .map((label) => `${label}.zuora.com`),
);
const ACCESS_TOKEN = '6e2f4a8b1c9d47e3a5f0b2c8d7e6f1a9';

const unauthenticated = () =>
  json(401, { error: 'invalid_client', error_description: 'Client authentication failed: bad client credentials' });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token') return json(404, { message: 'Not Found' });
  const params = await formParams(request);
  if (!params || request.headers.has('authorization')) return unauthenticated();
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return unauthenticated();
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: `Unsupported grant type: ${params.get('grant_type')}`,
    });
  }
  return json(200, {
    access_token: ACCESS_TOKEN,
    token_type: 'bearer',
    expires_in: 3599,
    scope:
      'entity.1a2b7a37-3e7d-4cb3-b0e2-883de9e766cc platform.write service.events.read tenant.10000245 user.7b1f6a6e04c7',
    jti: '6e2f4a8b1c9d47e3a5f0b2c8d7e6f1a9',
  });
}

const form = (body, headers = {}) =>
  new Request('https://rest.na.zuora.com/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'zuora',
  docs: [
    'https://developer.zuora.com/v1-api-reference/api/operation/createToken/',
    'https://developer.zuora.com/v1-api-reference/introduction/',
  ],
  matches: (url) => HOSTS.has(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3599 },
  documentedRequest: () =>
    form({ client_id: customer.clientId, client_secret: customer.clientSecret, grant_type: 'client_credentials' }),
  refusals: [
    {
      name: 'the client ID and secret in an Authorization header (Basic)',
      request: () =>
        form({ grant_type: 'client_credentials' }, { authorization: basic(customer.clientId, customer.clientSecret) }),
      status: 401,
    },
    {
      name: 'no client secret',
      request: () => form({ client_id: customer.clientId, grant_type: 'client_credentials' }),
      status: 401,
    },
    {
      name: 'the password grant',
      request: () =>
        form({ client_id: customer.clientId, client_secret: customer.clientSecret, grant_type: 'password' }),
      status: 400,
    },
  ],
};
