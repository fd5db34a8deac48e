// Xero's identity token endpoint for Custom Connections (the client credentials grant), from
// https://developer.xero.com/documentation/guides/oauth2/custom-connections/ : POST
// https://identity.xero.com/connect/token with an `authorization: "Basic " + base64encode(client_id
// + ":" + client_secret)` header and a form body `grant_type=client_credentials`, optionally
// `scope` (without it, every scope the connection was authorised for). The answer:
// {access_token, expires_in: 1800, token_type: "Bearer", scope}
// (https://developer.xero.com/faq/custom-integration: "All Xero access tokens expire after 30
// minutes"). Xero's identity server answers errors with 400 and a bare RFC 6749 code:
// {"error": "invalid_client"} for a wrong or missing client authentication,
// {"error": "unsupported_grant_type"}, {"error": "invalid_scope"}. The Basic id and secret are
// read as they are, as the docs build them.
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: 'A3F09C6E1B8D4F27B5E0C9A1D6F3E82B',
  clientSecret: 'pX4u-Nq7Zr2_Kb9Lw3Ys6Ht1Gd8Fc5Vm0Ja-Eo7Ri2Bn4Tk_9',
  scopes: ['accounting.transactions', 'accounting.contacts'],
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgxNTcwRUZDMTkifQ.xero-cc-token';

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/connect/token') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) return json(400, { error: 'invalid_request' });
  const basic = basicCredentials(request);
  if (!basic || basic.id !== customer.clientId || basic.secret !== customer.clientSecret) {
    return json(400, { error: 'invalid_client' });
  }
  if (params.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
  const scope = params.get('scope');
  if (scope && scope.split(' ').some((name) => !customer.scopes.includes(name))) {
    return json(400, { error: 'invalid_scope' });
  }
  return json(200, {
    access_token: ACCESS_TOKEN,
    expires_in: 1800,
    token_type: 'Bearer',
    scope: scope ?? customer.scopes.join(' '),
  });
}

const form = (body, headers = {}) =>
  new Request('https://identity.xero.com/connect/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = { authorization: `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}` };

export default {
  id: 'xero',
  docs: [
    'https://developer.xero.com/documentation/guides/oauth2/custom-connections/',
    'https://developer.xero.com/faq/custom-integration',
  ],
  matches: (url) => url.hostname === 'identity.xero.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 1800 },
  documentedRequest: () => form({ grant_type: 'client_credentials', scope: customer.scopes.join(' ') }, authorization),
  refusals: [
    {
      name: 'no Authorization header (the credentials in the body)',
      request: () =>
        form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 400,
    },
    {
      name: 'the authorization_code grant of a Xero web app',
      request: () => form({ grant_type: 'authorization_code' }, authorization),
      status: 400,
    },
    {
      name: 'a scope the connection was not authorised for',
      request: () => form({ grant_type: 'client_credentials', scope: 'payroll.employees' }, authorization),
      status: 400,
    },
  ],
};
