// Genesys Cloud OAuth client (Client Credentials grant), from
// https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials and Genesys's own
// sample (https://github.com/MyPureCloud/quick-hits-javascript, authorization/oauth-client-credentials.js):
// POST https://login.{region}/oauth/token (login.mypurecloud.com, login.mypurecloud.de,
// login.usw2.pure.cloud, …), `Authorization: Basic base64(clientId + ':' + clientSecret)` as they are,
// `Content-Type: application/x-www-form-urlencoded`, body `grant_type=client_credentials`. The answer:
// {access_token, token_type: "bearer", expires_in: 86399}. Errors carry both `description` and
// `error_description`: a failed client authentication is {"error": "invalid_client", "description":
// "authentication failed", …}; a client not set up for this grant is 400 unauthorized_client.
import { basic, basicCredentials, json } from './support.mjs';

const customer = {
  clientId: '7de3af06-c0b3-4f9b-af45-72f4a1403797',
  clientSecret: 'qV8b-N1xR3t_K6mZ2pW9yL4c-HsJ7fD0gA5uE_oTi3Q',
  fields: { region: 'mypurecloud.de' },
};
const ACCESS_TOKEN = 'DCl7jJaGIGQ1M-8dq791twKewbp8bI5Vr1vFV1gRizlxlsH1U4**aA25FG4BqLcjKqcG5AVuzFJ4_g0Q';
const REGIONS = [
  'mypurecloud.com',
  'use2.us-gov-pure.cloud',
  'usw2.pure.cloud',
  'cac1.pure.cloud',
  'mxc1.pure.cloud',
  'sae1.pure.cloud',
  'mypurecloud.ie',
  'euw2.pure.cloud',
  'mypurecloud.de',
  'euc2.pure.cloud',
  'mec1.pure.cloud',
  'aps1.pure.cloud',
  'mypurecloud.jp',
  'apne3.pure.cloud',
  'apne2.pure.cloud',
  'mypurecloud.com.au',
];

const genesysError = (status, error, description) =>
  json(status, { error, description, error_description: description });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token') return json(404, { error: 'not_found' });
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return genesysError(400, 'invalid_request', 'invalid content type');
  }
  const credentials = basicCredentials(request);
  if (!credentials || credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return genesysError(401, 'invalid_client', 'authentication failed');
  }
  const grant = new URLSearchParams(await request.text()).get('grant_type');
  if (grant === 'client_credentials')
    return json(200, { access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 86399 });
  if (['authorization_code', 'password', 'urn:ietf:params:oauth:grant-type:saml2-bearer'].includes(grant)) {
    return genesysError(400, 'unauthorized_client', `client is not authorized to use the ${grant} grant type`);
  }
  return genesysError(400, 'unsupported_grant_type', 'unsupported grant type');
}

const request = (body, headers = {}, contentType = 'application/x-www-form-urlencoded') =>
  new Request(`https://login.${customer.fields.region}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
const authorization = () => basic(customer.clientId, customer.clientSecret);

export default {
  id: 'genesys-cloud',
  docs: [
    'https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials',
    'https://github.com/MyPureCloud/quick-hits-javascript/blob/main/authorization/oauth-client-credentials.js',
  ],
  matches: (url) => REGIONS.some((region) => url.hostname === `login.${region}`),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 86399 },
  documentedRequest: () =>
    request(new URLSearchParams({ grant_type: 'client_credentials' }), { authorization: authorization() }),
  refusals: [
    {
      name: 'the password grant, which a Client Credentials client may not use',
      request: () => request(new URLSearchParams({ grant_type: 'password' }), { authorization: authorization() }),
      status: 400,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        request(
          JSON.stringify({ grant_type: 'client_credentials' }),
          { authorization: authorization() },
          'application/json',
        ),
      status: 400,
    },
  ],
};
