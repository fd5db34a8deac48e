// Autodesk Platform Services (APS) two-legged token, OAuth v2, from
// https://aps.autodesk.com/en/docs/oauth/v2/tutorials/get-2-legged-token and the reference
// https://aps.autodesk.com/en/docs/oauth/v2/reference/http/gettoken-POST/: POST
// https://developer.api.autodesk.com/authentication/v2/token with `Authorization: Basic` of the Base64
// of "<CLIENT_ID>:<CLIENT_SECRET>" (concatenated as they are, "btoa()"), `Content-Type:
// application/x-www-form-urlencoded`, body `grant_type=client_credentials&scope=data:read` (space-
// separated scopes; a two-legged token needs at least one). The answer: {access_token, token_type:
// "Bearer", expires_in: 3599}. Status codes as the reference lists them: 400 for an invalid or
// missing parameter, 401 when the client_id and client_secret combination is not valid; the bodies
// are RFC 6749 `error` objects.
import { basic, basicCredentials, json } from './support.mjs';

const customer = {
  clientId: 'F6Dn8ypem1j8P6sUz8IX3pmSsOA99GUT',
  clientSecret: 'ASNkw8Kqz1t0WXHKr4Ld7Qm2Vb9Ye5Tc',
  scopes: ['data:read', 'bucket:read'],
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IlhrUFpfSmhoXzlTYzNZS01oRERBZFBWeFowOF9SUzI1NiIsInBpLmF0bSI6ImFzc2MifQ.aps-2legged-token';
const SCOPES = new Set([
  'user-profile:read',
  'user:read',
  'user:write',
  'viewables:read',
  'data:read',
  'data:write',
  'data:create',
  'data:search',
  'bucket:create',
  'bucket:read',
  'bucket:update',
  'bucket:delete',
  'code:all',
  'account:read',
  'account:write',
]);

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/authentication/v2/token')
    return json(404, { error: 'not_found' });
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return json(400, {
      error: 'invalid_request',
      error_description: 'Content-Type must be application/x-www-form-urlencoded',
    });
  }
  const params = new URLSearchParams(await request.text());
  const credentials = basicCredentials(request);
  if (!credentials || credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return json(401, {
      error: 'invalid_client',
      error_description: 'The client_id and client_secret combination is not valid',
    });
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' });
  }
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0 || !scopes.every((scope) => SCOPES.has(scope))) {
    return json(400, { error: 'invalid_scope', error_description: 'The requested scope is invalid' });
  }
  return json(200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3599 });
}

const TOKEN_URL = 'https://developer.api.autodesk.com/authentication/v2/token';
const form = (body, headers = {}) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = () => basic(customer.clientId, customer.clientSecret);
const scope = customer.scopes.join(' ');

export default {
  id: 'autodesk',
  docs: [
    'https://aps.autodesk.com/en/docs/oauth/v2/tutorials/get-2-legged-token',
    'https://aps.autodesk.com/en/docs/oauth/v2/reference/http/gettoken-POST/',
  ],
  matches: (url) => url.hostname === 'developer.api.autodesk.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3599 },
  documentedRequest: () =>
    form({ grant_type: 'client_credentials', scope: 'data:read' }, { authorization: authorization() }),
  refusals: [
    {
      name: 'the credentials in the body instead of Basic',
      request: () =>
        form({
          grant_type: 'client_credentials',
          scope,
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
        }),
      status: 401,
    },
    {
      name: 'no scope',
      request: () => form({ grant_type: 'client_credentials' }, { authorization: authorization() }),
      status: 400,
    },
    {
      name: 'the scopes joined by commas, not spaces',
      request: () =>
        form(
          { grant_type: 'client_credentials', scope: customer.scopes.join(',') },
          { authorization: authorization() },
        ),
      status: 400,
    },
  ],
};
