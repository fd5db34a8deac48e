// An Amazon Cognito user pool's token endpoint for the client credentials grant, from
// https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html ("Client
// credentials with basic authorization"): POST
// https://mydomain.auth.us-east-1.amazoncognito.com/oauth2/token, Content-Type
// application/x-www-form-urlencoded, `Authorization: Basic Base64Encode(client_id:client_secret)`
// — or client_id and client_secret in the body as client_secret_post — and grant_type=
// client_credentials with an optional scope (without it, "all custom scopes associated with the
// client"). The answer: {access_token, expires_in: 3600, token_type: "Bearer"}. Errors are 400
// {"error": "invalid_request|invalid_client|invalid_grant|unauthorized_client|
// unsupported_grant_type"} ("Examples of negative responses"); a scope the app client does not
// allow is 400 invalid_scope.
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: '4ki7ahq2r9m1s6t3u8v5w0x2y7',
  clientSecret: '1h3k5m7n9p2r4t6v8x0z2b4d6f8h0j2l4n6p8r0t2v4x6z8b0d2f4',
  fields: { domain_prefix: 'acme-m2m', region: 'eu-west-1' },
};
const HOST = `${customer.fields.domain_prefix}.auth.${customer.fields.region}.amazoncognito.com`;
const SCOPES = ['https://api.acme-corp.com/invoices.read', 'https://api.acme-corp.com/invoices.write'];
const ACCESS_TOKEN = 'eyJraWQiOiJcL1wvS2V5MSIsImFsZyI6IlJTMjU2In0.cognito-m2m-token';

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth2/token' || url.hostname !== HOST) {
    return json(404, { error: 'not_found' });
  }
  const params = await formParams(request);
  if (!params) return json(400, { error: 'invalid_request' });
  const basic = params.has('client_secret') ? null : basicCredentials(request);
  const clientId = basic ? basic.id : params.get('client_id');
  const secret = basic ? basic.secret : params.get('client_secret');
  if (clientId !== customer.clientId || secret !== customer.clientSecret) return json(400, { error: 'invalid_client' });
  const grantType = params.get('grant_type');
  if (!grantType) return json(400, { error: 'invalid_request' });
  if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
    return json(400, { error: 'unsupported_grant_type' });
  }
  if (grantType !== 'client_credentials') return json(400, { error: 'unauthorized_client' });
  const scope = params.get('scope');
  if (scope && scope.split(' ').some((name) => !SCOPES.includes(name))) return json(400, { error: 'invalid_scope' });
  return json(200, { access_token: ACCESS_TOKEN, expires_in: 3600, token_type: 'Bearer' });
}

const form = (body, headers = {}) =>
  new Request(`https://${HOST}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = { authorization: `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}` };

export default {
  id: 'amazon-cognito',
  docs: ['https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html'],
  matches: (url) => /^[a-z0-9-]+\.auth(?:-fips)?\.[a-z0-9-]+\.amazoncognito\.com$/.test(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () =>
    form({ grant_type: 'client_credentials', client_id: customer.clientId, scope: SCOPES.join(' ') }, authorization),
  refusals: [
    {
      name: 'no client authentication (Basic or client_secret)',
      request: () => form({ grant_type: 'client_credentials', client_id: customer.clientId }),
      status: 400,
    },
    {
      name: 'the password grant (Cognito takes only code, refresh token and client credentials)',
      request: () => form({ grant_type: 'password' }, authorization),
      status: 400,
    },
    {
      name: 'a JSON body instead of a form',
      request: () =>
        new Request(`https://${HOST}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authorization },
          body: JSON.stringify({ grant_type: 'client_credentials' }),
        }),
      status: 400,
    },
  ],
};
