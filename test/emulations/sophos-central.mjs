// Sophos Central API authentication, from https://developer.sophos.com/getting-started-tenant
// ("Step 2: Get an access token") and https://developer.sophos.com/intro: POST
// https://id.sophos.com/api/v2/oauth2/token, `Content-Type: application/x-www-form-urlencoded`, body
// `grant_type=client_credentials&client_id=…&client_secret=…&scope=token` (the scope is always
// `token`); no Basic. The answer wraps the token in Sophos's envelope: {access_token: "<JWT>",
// errorCode: "success", expires_in: 3600, message: "OK", refresh_token, token_type: "bearer",
// trackingId}. Failures use the same envelope with an `errorCode` other than "success" (401 for a
// client that fails authentication, 400 for a malformed request); the page names no codes, so the
// ones here are illustrative.
import { json } from './support.mjs';

const customer = {
  clientId: 'd1f3a5c7-9e0b-4d2f-8a6c-3b5e7f9a1c2d',
  clientSecret: '7c1e9a3f5b0d2e4a6c8f1b3d5e7a9c0f2b4d6e8a1c3f5b7d9e0a2c4f6b8d1e3a5c7f9b0d2e4a6c8f1b3d5e7a9c0f2b4d6e8',
  scopes: ['token'],
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImlkLXNvcGhvcy1jb20tMSIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2lkLnNvcGhvcy5jb20ifQ.sophos-token';

const sophos = (status, errorCode, message, extra = {}) =>
  json(status, { ...extra, errorCode, message, trackingId: crypto.randomUUID() });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/api/v2/oauth2/token') return json(404, { error: 'not_found' });
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return sophos(400, 'request.invalid', 'Unsupported content type');
  }
  const params = new URLSearchParams(await request.text());
  if (params.get('grant_type') !== 'client_credentials')
    return sophos(400, 'oauth.unsupported_grant_type', 'Unsupported grant type');
  if (params.get('scope') !== 'token') return sophos(400, 'oauth.invalid_scope', 'Invalid scope');
  if (!params.get('client_id') || !params.get('client_secret')) {
    return sophos(400, 'oauth.missing_client_credentials', 'Missing client credentials');
  }
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return sophos(401, 'oauth.invalid_client_secret', 'Invalid client credentials');
  }
  return sophos(200, 'success', 'OK', {
    access_token: ACCESS_TOKEN,
    expires_in: 3600,
    refresh_token: 'b2a1c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4',
    token_type: 'bearer',
  });
}

const form = (body, headers = {}) =>
  new Request('https://id.sophos.com/api/v2/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const credentials = { client_id: customer.clientId, client_secret: customer.clientSecret };

export default {
  id: 'sophos-central',
  docs: ['https://developer.sophos.com/getting-started-tenant', 'https://developer.sophos.com/intro'],
  matches: (url) => url.hostname === 'id.sophos.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () => form({ grant_type: 'client_credentials', ...credentials, scope: 'token' }),
  refusals: [
    {
      name: 'no scope=token',
      request: () => form({ grant_type: 'client_credentials', ...credentials }),
      status: 400,
    },
    {
      name: 'a grant other than client_credentials',
      request: () => form({ grant_type: 'password', ...credentials, scope: 'token' }),
      status: 400,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        new Request('https://id.sophos.com/api/v2/oauth2/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credentials', ...credentials, scope: 'token' }),
        }),
      status: 400,
    },
  ],
};
