// Adobe IMS, OAuth Server-to-Server credentials, from
// https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/implementation
// and its API reference (…/ServerToServerAuthentication/ims): POST https://ims-na1.adobelogin.com/ims/token/v3
// with `client_id`, `client_secret`, `grant_type=client_credentials` and `scope` ("Mandatory: the list
// of comma separated scopes"), as form parameters in the body or the query string; the client id and
// secret are parameters, not Basic. The answer: {access_token, token_type: "bearer", expires_in: 86399}.
// IMS answers a wrong client id or secret 400 {"error": "invalid_client", "error_description":
// "invalid client_id parameter" | "invalid client_secret parameter"} (the descriptions Adobe's own
// client libraries match on; the reference page shows no error body). A scope list the credential
// does not hold is refused as invalid_scope, which is how a space-separated list reads.
import { basic, formParams, json } from './support.mjs';

const customer = {
  clientId: '58b23182d80a40fea8b12bc236d71167',
  clientSecret: 'p8e-EIRF6kY6EHLBSdw2b-pLUWKodDqJqSz3',
  scopes: ['openid', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext'],
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsIng1dSI6Imltc19uYTEta2V5LWF0LTEuY2VyIiwia2lkIjoiaW1zX25hMS1rZXktYXQtMSIsIml0dCI6ImF0In0.adobe-s2s-token';
const CREDENTIAL_SCOPES = new Set(customer.scopes);

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/ims/token/v3') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) return json(400, { error: 'invalid_request', error_description: 'unsupported content type' });
  if (params.get('client_id') !== customer.clientId) {
    return json(400, { error: 'invalid_client', error_description: 'invalid client_id parameter' });
  }
  if (params.get('client_secret') !== customer.clientSecret) {
    return json(400, { error: 'invalid_client', error_description: 'invalid client_secret parameter' });
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, { error: 'unsupported_grant_type', error_description: 'invalid grant_type parameter' });
  }
  const scopes = (params.get('scope') ?? '').split(',').filter(Boolean);
  if (scopes.length === 0) return json(400, { error: 'invalid_scope', error_description: 'invalid scope parameter' });
  if (!scopes.every((scope) => CREDENTIAL_SCOPES.has(scope))) {
    return json(400, { error: 'invalid_scope', error_description: 'invalid scope parameter' });
  }
  return json(200, { access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 86399 });
}

const TOKEN_URL = 'https://ims-na1.adobelogin.com/ims/token/v3';
const form = (body, headers = {}) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const scope = customer.scopes.join(',');

export default {
  id: 'adobe',
  docs: [
    'https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/implementation',
    'https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/ims',
  ],
  matches: (url) => url.hostname === 'ims-na1.adobelogin.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 86399 },
  documentedRequest: () =>
    form({
      client_id: customer.clientId,
      client_secret: customer.clientSecret,
      grant_type: 'client_credentials',
      scope,
    }),
  refusals: [
    {
      name: 'the credentials in a Basic header instead of parameters',
      request: () =>
        form(
          { grant_type: 'client_credentials', scope },
          { authorization: basic(customer.clientId, customer.clientSecret) },
        ),
      status: 400,
    },
    {
      name: 'no scope (mandatory)',
      request: () =>
        form({ client_id: customer.clientId, client_secret: customer.clientSecret, grant_type: 'client_credentials' }),
      status: 400,
    },
    {
      name: 'the scopes joined by spaces, not commas',
      request: () =>
        form({
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
          grant_type: 'client_credentials',
          scope: customer.scopes.join(' '),
        }),
      status: 400,
    },
  ],
};
