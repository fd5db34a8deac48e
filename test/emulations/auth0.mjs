// Auth0's token endpoint for the Client Credentials Flow, from
// https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow
// ("Request tokens"): POST https://{yourDomain}/oauth/token, a form (or JSON: the Dashboard's own
// API test tab shows `content-type: application/json`) with grant_type=client_credentials,
// client_id, client_secret (the application's Token Endpoint Authentication Method "Client Secret
// (Post)") and `audience`, "the Identifier field on your API's settings tab". The answer:
// {access_token, token_type: "Bearer", expires_in: 86400} (https://auth0.com/docs/tokens/get-access-tokens).
// Auth0 answers a wrong client id or secret with 401 {"error": "access_denied",
// "error_description": "Unauthorized"} — an Auth0 maintainer: "The only reason of this error is
// if either client id or secret are wrong" (https://github.com/auth0/laravel-auth0/issues/42,
// https://github.com/auth0/node-auth0/issues/682) — not RFC 6749's invalid_client. Without an
// audience (and no default one) it is 403 access_denied "No audience parameter was provided, and
// no default audience has been configured"; an API the application is not authorized for is 403
// access_denied "Client is not authorized to access …".
import { formParams, json, jsonBody } from './support.mjs';

const customer = {
  clientId: 'hZ3rT8vKq1LmX9sWc4NbY7eJp2Ud6AgF',
  clientSecret: 'Tq8_vR2xLm-9KcN4bW7sZ1yH5pJ3dF6gA0uE_iO8nM2rB5tY9wQ-xC3vF7hJ1lPk',
  fields: { tenant: 'acme-prod', region: 'us.auth0.com', api_identifier: 'https://api.acme-corp.com/' },
};
const HOST = `${customer.fields.tenant}.${customer.fields.region}`;
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Ik4wTXdRek0ifQ.auth0-m2m-token';
const AUTH0_HOST = /^[a-z0-9-]+\.(?:(?:us|eu|au|jp|uk)\.)?auth0\.com$/;

const denied = (status, description) => json(status, { error: 'access_denied', error_description: description });

/** Form or JSON, both as Auth0 takes them. */
async function requestParams(request) {
  if (/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    const body = await jsonBody(request);
    return body && new Map(Object.entries(body).map(([name, value]) => [name, String(value)]));
  }
  const params = await formParams(request);
  return params && new Map(params);
}

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token' || url.hostname !== HOST) {
    return json(404, { error: 'not_found' });
  }
  const params = await requestParams(request);
  if (!params) return json(400, { error: 'invalid_request', error_description: 'Invalid request body' });
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
  }
  // The application authenticates with "Client Secret (Post)": only the body's credentials count.
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return denied(401, 'Unauthorized');
  }
  const audience = params.get('audience');
  if (!audience) {
    return denied(403, 'No audience parameter was provided, and no default audience has been configured');
  }
  if (audience !== customer.fields.api_identifier) {
    return denied(
      403,
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
    );
  }
  return json(200, { access_token: ACCESS_TOKEN, scope: 'read:invoices', expires_in: 86400, token_type: 'Bearer' });
}

const form = (body) =>
  new Request(`https://${HOST}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
const grant = { grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret };

export default {
  id: 'auth0',
  docs: [
    'https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow',
    'https://auth0.com/docs/tokens/get-access-tokens',
    'https://github.com/auth0/laravel-auth0/issues/42',
  ],
  matches: (url) => AUTH0_HOST.test(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 86400 },
  documentedRequest: () => form({ ...grant, audience: customer.fields.api_identifier }),
  refusals: [
    { name: 'no audience', request: () => form(grant), status: 403 },
    {
      name: 'an API the application is not authorized for',
      request: () => form({ ...grant, audience: `https://${HOST}/api/v2/` }),
      status: 403,
    },
    {
      name: 'the client id without its secret',
      request: () =>
        form({
          grant_type: 'client_credentials',
          client_id: customer.clientId,
          audience: customer.fields.api_identifier,
        }),
      status: 401,
    },
  ],
};
