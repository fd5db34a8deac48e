// Atlassian's token endpoint for service account OAuth 2.0 credentials, from
// https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/
// ("Make a POST request to https://auth.atlassian.com/oauth/token with client_id and client_secret to
// get the OAuth 2.0 access token valid for 60 minutes") and Atlassian's token request for its OAuth
// apps, https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/ (a JSON or form body
// with grant_type, client_id and client_secret). The answer:
// {"access_token":"eyJ…","expires_in":3600,"token_type":"Bearer","scope":"…"}. auth.atlassian.com
// answers a wrong or missing secret with 401 {"error":"access_denied","error_description":"Unauthorized"},
// a grant the client may not use with 403 unauthorized_client, a missing grant_type with 400
// invalid_request. Enforced: POST, the path, a JSON or form body, the credentials in the body
// (Basic is read too), grant_type=client_credentials.
import { basicCredentials, formParams, json, jsonBody } from './support.mjs';

const customer = {
  clientId: 'Kq7Xv2RmT9pZ4nL8wB3yH6cJ1dF5gS0a',
  clientSecret: 'ATOAq8Lm-2vZ9xR4nK7pB3yH6cJ1dF5gS0aE2uR7tY9iO4pM8nQ3v_Xr9Tq2Lm7C1E3F0A',
};
const ACCESS_TOKEN =
  'eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20tQUNDRVNTIiwiYWxnIjoiUlMyNTYifQ.atlassian-service-account-token';

async function params(request) {
  if (/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    const body = await jsonBody(request);
    return body && new Map(Object.entries(body).map(([name, value]) => [name, String(value)]));
  }
  const form = await formParams(request);
  return form && new Map(form);
}

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token') return json(404, { error: 'not_found' });
  const body = await params(request);
  if (!body) return json(400, { error: 'invalid_request', error_description: 'Invalid request body' });
  const grantType = body.get('grant_type');
  if (!grantType) {
    return json(400, { error: 'invalid_request', error_description: 'Missing required parameter: grant_type' });
  }
  const credentials = basicCredentials(request) ?? { id: body.get('client_id'), secret: body.get('client_secret') };
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return json(401, { error: 'access_denied', error_description: 'Unauthorized' });
  }
  if (grantType !== 'client_credentials') {
    return json(403, {
      error: 'unauthorized_client',
      error_description: `Grant type '${grantType}' not allowed for the client.`,
    });
  }
  return json(200, {
    access_token: ACCESS_TOKEN,
    expires_in: 3600,
    token_type: 'Bearer',
    scope: 'read:jira-work write:jira-work read:jira-user',
  });
}

const TOKEN_URL = 'https://auth.atlassian.com/oauth/token';
const post = (body) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

export default {
  id: 'atlassian',
  docs: [
    'https://support.atlassian.com/user-management/docs/create-oauth-2-0-credential-for-service-accounts/',
    'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
  ],
  matches: (url) => url.hostname === 'auth.atlassian.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () =>
    post({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
  refusals: [
    {
      name: 'no client secret',
      request: () => post({ grant_type: 'client_credentials', client_id: customer.clientId }),
      status: 401,
    },
    {
      name: 'no grant_type',
      request: () => post({ client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 400,
    },
    {
      name: 'the authorization code grant of 3LO apps',
      request: () =>
        post({
          grant_type: 'authorization_code',
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
          code: 'x',
        }),
      status: 403,
    },
  ],
};
