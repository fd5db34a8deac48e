// Okta's custom authorization server token endpoint for the Client Credentials flow, from
// https://developer.okta.com/docs/guides/implement-grant-type/clientcreds/main/ ("Request for
// token"): POST https://{yourOktaDomain}/oauth2/default/v1/token (or /oauth2/{authServerId}/…),
// `grant_type=client_credentials&scope=customScope`, the client ID and secret "aren't included in
// the POST body" but in an HTTP Basic header (the service app's client_secret_basic; Okta answers
// a client authenticated another way than the app's configured method with invalid_client). The
// scope "must be at least one custom scope": without one and with no default scopes, 400
// invalid_scope ("The authorization server resource does not have any configured default scopes,
// 'scope' must be provided."). The answer: {token_type: "Bearer", expires_in: 3600, access_token,
// scope}. A wrong secret: 401 {"error": "invalid_client", "error_description": "The client secret
// supplied for a confidential client is invalid."} (Okta's OAuth 2.0 API reference,
// https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/tag/CustomAS/).
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: '0oa8f3kq2xTzLw1Hb5d7',
  clientSecret: 'Jx4kR9_vTq2mW7bN-cL5sZ8yH3pD6fG1aE0uK-iO4nM9rB2tY7wQ5xC8vF3hJ6lP',
  fields: { okta_org: 'acme', okta_domain: 'okta.com', authorization_server_id: 'aus4k2xb9qTzR7mWn1d8' },
  scopes: ['invoices:read'],
};
const HOST = `${customer.fields.okta_org}.${customer.fields.okta_domain}`;
const PATH = `/oauth2/${customer.fields.authorization_server_id}/v1/token`;
const ACCESS_TOKEN =
  'eyJraWQiOiJ1dURLVTMxZWRvTi0wd0xMUnl1TW1vbmtBdi1OaFEwejZhWmxjdTN5NU8wIiwiYWxnIjoiUlMyNTYifQ.okta-cc-token';
const OKTA_DOMAINS = ['.okta.com', '.oktapreview.com', '.okta-emea.com'];

const oauthError = (status, error, description) => json(status, { error, error_description: description });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || !/^\/oauth2\/[^/]+\/v1\/token$/.test(url.pathname)) {
    return json(404, { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' });
  }
  if (url.hostname !== HOST || url.pathname !== PATH) {
    return json(404, {
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: authorization server (AuthorizationServer)',
      errorLink: 'E0000007',
      errorId: 'oaeDkVp6tRrTPuL1ajxvqKHJg',
      errorCauses: [],
    });
  }
  const params = await formParams(request);
  if (!params)
    return oauthError(400, 'invalid_request', 'The request is missing a required parameter or is malformed.');
  const basic = basicCredentials(request);
  if (!basic || params.has('client_secret')) {
    return oauthError(
      401,
      'invalid_client',
      'Client authentication failed. Either the client or the client credentials are invalid.',
    );
  }
  if (basic.id !== customer.clientId) {
    return oauthError(401, 'invalid_client', 'The client_id is invalid or the client is not active.');
  }
  if (basic.secret !== customer.clientSecret) {
    return oauthError(401, 'invalid_client', 'The client secret supplied for a confidential client is invalid.');
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return oauthError(
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server.',
    );
  }
  const scope = params.get('scope');
  if (!scope) {
    return oauthError(
      400,
      'invalid_scope',
      "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
    );
  }
  if (scope.split(' ').some((name) => !customer.scopes.includes(name))) {
    return oauthError(
      400,
      'invalid_scope',
      'One or more scopes are not configured for the authorization server resource.',
    );
  }
  return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: ACCESS_TOKEN, scope });
}

const basic = (id, secret) => `Basic ${btoa(`${id}:${secret}`)}`;
const form = (body, headers = {}) =>
  new Request(`https://${HOST}${PATH}`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = { authorization: basic(customer.clientId, customer.clientSecret) };

export default {
  id: 'okta',
  docs: [
    'https://developer.okta.com/docs/guides/implement-grant-type/clientcreds/main/',
    'https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/tag/CustomAS/',
  ],
  matches: (url) => OKTA_DOMAINS.some((domain) => url.hostname.endsWith(domain)),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () => form({ grant_type: 'client_credentials', scope: customer.scopes[0] }, authorization),
  refusals: [
    {
      name: 'the credentials in the body instead of Basic',
      request: () =>
        form({
          grant_type: 'client_credentials',
          scope: customer.scopes[0],
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
        }),
      status: 401,
    },
    {
      name: 'no scope (the authorization server has no default scopes)',
      request: () => form({ grant_type: 'client_credentials' }, authorization),
      status: 400,
    },
    {
      name: 'a scope the authorization server does not define',
      request: () => form({ grant_type: 'client_credentials', scope: 'okta.users.read' }, authorization),
      status: 400,
    },
  ],
};
