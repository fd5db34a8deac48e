// Login with Amazon, client credentials grant of a security profile, from
// https://developer.amazon.com/docs/app-submission-api/auth.html (Request LWA Access Token) and the
// Selling Partner API's https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api
// (grantless operations): POST https://api.amazon.com/auth/o2/token (Europe: api.amazon.co.uk, Far
// East: api.amazon.co.jp), `Content-Type: application/x-www-form-urlencoded`, body `grant_type=
// client_credentials`, `client_id` (amzn1.application-oa2-client.…), `client_secret` and `scope`, which
// the grant requires (appstore::apps:readwrite, adx_reporting::appstore:marketer,
// sellingpartnerapi::notifications, …). The answer: {access_token: "Atc|…", scope, token_type:
// "bearer", expires_in: 3600}. Errors are RFC 6749's, with LWA's wording: a missing parameter is 400
// invalid_request ("The request is missing a required parameter : client_id"), a scope the profile
// may not have 400 invalid_scope, a wrong secret 401 invalid_client ("Client authentication failed").
import { basic, formParams, json } from './support.mjs';

const customer = {
  clientId: 'amzn1.application-oa2-client.4c8b1f0e2a9d47e6b35c7f1a0d9e2b84',
  clientSecret: 'amzn1.oa2-cs.v1.9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d0f1a',
  fields: { region: 'api.amazon.com' },
  scopes: ['sellingpartnerapi::notifications'],
};
const ACCESS_TOKEN = 'Atc|MQEBIK2Fy6yuGs0Vv8sDd3QiPv9aEw_amazon-lwa-grantless-token';
const HOSTS = ['api.amazon.com', 'api.amazon.co.uk', 'api.amazon.co.jp'];
const PROFILE_SCOPES = new Set(['sellingpartnerapi::notifications', 'sellingpartnerapi::client_credential:rotation']);

const lwaError = (status, error, description) => json(status, { error_description: description, error });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/auth/o2/token') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) return lwaError(400, 'invalid_request', 'The request has an invalid parameter : Content-Type');
  for (const name of ['grant_type', 'client_id']) {
    if (!params.get(name))
      return lwaError(400, 'invalid_request', `The request is missing a required parameter : ${name}`);
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return lwaError(
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server',
    );
  }
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return lwaError(401, 'invalid_client', 'Client authentication failed');
  }
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0)
    return lwaError(400, 'invalid_request', 'The request is missing a required parameter : scope');
  if (!scopes.every((scope) => PROFILE_SCOPES.has(scope))) {
    return lwaError(400, 'invalid_scope', 'The request has an invalid parameter : scope');
  }
  return json(200, { access_token: ACCESS_TOKEN, scope: scopes.join(' '), token_type: 'bearer', expires_in: 3600 });
}

const form = (body, headers = {}) =>
  new Request(`https://${customer.fields.region}/auth/o2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const scope = customer.scopes.join(' ');

export default {
  id: 'amazon-lwa',
  docs: [
    'https://developer.amazon.com/docs/app-submission-api/auth.html',
    'https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api',
    'https://developer-docs.amazon.com/sp-api/docs/grantless-operations',
  ],
  matches: (url) => HOSTS.includes(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () =>
    form({
      grant_type: 'client_credentials',
      client_id: customer.clientId,
      client_secret: customer.clientSecret,
      scope,
    }),
  refusals: [
    {
      name: 'the credentials in a Basic header instead of the body',
      request: () =>
        form(
          { grant_type: 'client_credentials', scope },
          { authorization: basic(customer.clientId, customer.clientSecret) },
        ),
      status: 400,
    },
    {
      name: 'no scope (the client credentials grant requires one)',
      request: () =>
        form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 400,
    },
    {
      name: 'a scope the security profile is not granted',
      request: () =>
        form({
          grant_type: 'client_credentials',
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
          scope: 'profile',
        }),
      status: 400,
    },
  ],
};
