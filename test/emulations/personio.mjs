// Personio's v2 token endpoint, from https://developer.personio.de/reference/post_v2-auth-token
// (its OpenAPI definition) and https://developer.personio.de/v2.0/reference/authentication : POST
// https://api.personio.de/v2/auth/token, "formatted using the application/x-www-form-urlencoded
// media type", with client_id, client_secret and grant_type=client_credentials (and an optional
// space-separated scope). The answer: {"access_token":"…","token_type":"Bearer","expires_in":86400,
// "scope":"…"} (tokens are stable for 24 hours). The reference names its error examples "Required
// Parameters Missing" (invalid_request), "Invalid Client" (invalid_client), "Invalid Credentials"
// (unauthorized_client), "Invalid Grant", "Unsupported Grant Type" and "Invalid Scope", all under
// "Bad Request": emulated as 400 with those RFC 6749 codes, so a wrong secret surfaces as
// unauthorized_client. Enforced: POST, the path, a form body, the credentials in the body,
// grant_type=client_credentials, a scope within the credential's own.
import { basic, formParams, json } from './support.mjs';

const customer = {
  clientId: 'papi-7f3c2e1a-9b4d-4c8e-a5f6-0d1e2f3a4b5c',
  clientSecret: 'papi-NDk4ZDFlYjYtM2Q3Ni00YTdmLWI1ZjItOGM5YTBlMWQyZjNh',
};
const GRANTED = ['personio:persons:read', 'personio:absences:read', 'personio:attendances:read'];
const ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.personio-v2-access-token';

const error = (code, description) => json(400, { error: code, error_description: description });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/v2/auth/token') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) return error('invalid_request', 'The request must be formatted as application/x-www-form-urlencoded.');
  if (!params.get('grant_type') || !params.get('client_id') || !params.get('client_secret')) {
    return error('invalid_request', 'The request is missing a required parameter.');
  }
  if (params.get('client_id') !== customer.clientId) return error('invalid_client', 'Client authentication failed.');
  if (params.get('client_secret') !== customer.clientSecret) {
    return error('unauthorized_client', 'The client credentials are invalid.');
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return error('unsupported_grant_type', 'The authorization grant type is not supported.');
  }
  const requested = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (requested.some((scope) => !GRANTED.includes(scope))) {
    return error('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
  }
  return json(200, {
    access_token: ACCESS_TOKEN,
    token_type: 'Bearer',
    expires_in: 86400,
    scope: (requested.length ? requested : GRANTED).join(' '),
  });
}

const form = (body, headers = {}) =>
  new Request('https://api.personio.de/v2/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'personio',
  docs: [
    'https://developer.personio.de/reference/post_v2-auth-token',
    'https://developer.personio.de/v2.0/reference/authentication',
  ],
  matches: (url) => url.hostname === 'api.personio.de',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 86400 },
  documentedRequest: () =>
    form({ client_id: customer.clientId, client_secret: customer.clientSecret, grant_type: 'client_credentials' }),
  refusals: [
    {
      name: 'the client ID and secret in Basic instead of the body',
      request: () =>
        form({ grant_type: 'client_credentials' }, { authorization: basic(customer.clientId, customer.clientSecret) }),
      status: 400,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        new Request('https://api.personio.de/v2/auth/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: customer.clientId,
            client_secret: customer.clientSecret,
            grant_type: 'client_credentials',
          }),
        }),
      status: 400,
    },
    {
      name: 'a scope the credential was not given',
      request: () =>
        form({
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
          grant_type: 'client_credentials',
          scope: 'personio:compensations:write',
        }),
      status: 400,
    },
  ],
  wrongSecretCode: 'unauthorized_client',
};
