// Domo's token endpoint for Platform API clients, from
// https://www.domo.com/docs/portal/1845fc11bbe5d-api-authentication (Quickstart, "Create access
// token") and https://developer.domo.com/docs/authentication/quickstart-5 :
// `curl -v -u {CLIENT_ID}:{CLIENT_SECRET} "https://api.domo.com/oauth/token?grant_type=client_credentials&scope={SCOPE}"`,
// a GET with the parameters in the query string and the client ID and secret in HTTP Basic ("make
// sure that you are correctly including the basic authorization header with your Base64 encoded
// credentials"); Domo's SDKs send the same GET, and a POST is read too. The answer (its members
// beyond these are not documented and not emulated): {"access_token":"eyJ…","token_type":"bearer",
// "expires_in":3599,"scope":"data user"}. A request without valid Basic credentials is 401 with an
// error body of Domo's own shape (no RFC 6749 `error` code); a missing grant_type or a scope the
// client was not given is 400. Enforced: GET or POST, the path, Basic only, grant_type=client_credentials,
// scopes within the client's.
import { basic, basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: '441e307a-b2a1-4a99-8561-174e5b153f5a',
  clientSecret: 'f103fc453d08bd1049edc9a1913e3f5266447a06d1d2751258c89771fbcc8087',
  scopes: ['data', 'user'],
};
const GRANTED = ['data', 'user'];
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.domo-platform-api-token.b1B2c3D4e5F6g7H8i9J0';

const failure = (status, statusReason, message) =>
  json(status, { status, statusReason, path: '/oauth/token', message, toe: 'Q4KJ8T2LZP-5VFYA-3OGMS' });

async function handle(request) {
  const url = new URL(request.url);
  if (!['GET', 'POST'].includes(request.method) || url.pathname !== '/oauth/token') {
    return failure(404, 'Not Found', 'Not Found');
  }
  const params = await formParams(request);
  if (!params) return failure(400, 'Bad Request', 'Unsupported content type');
  const credentials = basicCredentials(request);
  if (!credentials || credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return failure(401, 'Unauthorized', 'Full authentication is required to access this resource');
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return failure(400, 'Bad Request', 'Unsupported grant type');
  }
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.some((scope) => !GRANTED.includes(scope))) return failure(400, 'Bad Request', 'Invalid scope');
  return json(200, {
    access_token: ACCESS_TOKEN,
    token_type: 'bearer',
    expires_in: 3599,
    scope: (scopes.length ? scopes : GRANTED).join(' '),
  });
}

const get = (query, headers = { authorization: basic(customer.clientId, customer.clientSecret) }) =>
  new Request(`https://api.domo.com/oauth/token?${new URLSearchParams(query)}`, { headers });

export default {
  id: 'domo',
  docs: [
    'https://www.domo.com/docs/portal/1845fc11bbe5d-api-authentication',
    'https://developer.domo.com/docs/authentication/quickstart-5',
  ],
  matches: (url) => url.hostname === 'api.domo.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3599 },
  documentedRequest: () => get({ grant_type: 'client_credentials', scope: 'data user' }),
  refusals: [
    {
      name: 'the client ID and secret in the query string instead of Basic',
      request: () =>
        get(
          {
            grant_type: 'client_credentials',
            scope: 'data',
            client_id: customer.clientId,
            client_secret: customer.clientSecret,
          },
          {},
        ),
      status: 401,
    },
    {
      name: 'no grant_type',
      request: () => get({ scope: 'data' }),
      status: 400,
    },
    {
      name: 'a scope the client was not given',
      request: () => get({ grant_type: 'client_credentials', scope: 'audit' }),
      status: 400,
    },
  ],
};
