// Walmart Marketplace Token API, from https://developer.walmart.com/us-marketplace/docs/get-an-access-token
// and https://developer.walmart.com/us-marketplace/reference/tokenapi: POST
// https://marketplace.walmartapis.com/v3/token (sandbox: sandbox.walmartapis.com) with
// `Authorization: Basic base64(clientId:clientSecret)` — the id (a UUID) and secret (holding `-` and
// `_`) as they are, `Content-Type: application/x-www-form-urlencoded`, body `grant_type=client_credentials`,
// and the headers every Walmart call requires: `WM_SVC.NAME` (Walmart Service Name) and
// `WM_QOS.CORRELATION_ID` (a fresh GUID). `Accept: application/json` asks for JSON (Walmart answers
// XML otherwise): {access_token, token_type: "Bearer", expires_in: 900}. A missing or blank required
// header is 400 INVALID_REQUEST_HEADER.GMP_GATEWAY_API; a wrong or malformed Basic header is 401
// UNAUTHORIZED.GMP_GATEWAY_API, both in Walmart's {error: [{code, field, description, info, …}]} envelope.
import { basic, basicCredentials, formEncodedBasic, json } from './support.mjs';

const customer = {
  clientId: 'c7291c6b-7290-4e2a-9b1d-5f3e8a6c2d41',
  clientSecret: 'AI14CD8eam0TTyp8zUIuKfT2u_BE0nHpZceF-Qk3vLr9sWx7Yj2MdNgh5oRzjCFZYuEfkAVGEggU',
  fields: { environment: 'marketplace.walmartapis.com' },
};
const ACCESS_TOKEN =
  'eyJraWQiOiI1NmM0M2M5My1lNGE2LTQyZjYtOWRkMi1iNWU1ZjFlNTQzYjEiLCJlbmMiOiJBMjU2R0NNIn0..walmart-token';
const HOSTS = ['marketplace.walmartapis.com', 'sandbox.walmartapis.com'];

const walmartError = (status, code, field, description, info) =>
  json(status, {
    error: [{ code, field, description, info, severity: 'ERROR', category: 'DATA', causes: [], errorIdentifiers: {} }],
  });
const missingHeader = (name) =>
  walmartError(
    400,
    'INVALID_REQUEST_HEADER.GMP_GATEWAY_API',
    name,
    `${name} set blank or null`,
    'One or more request headers are invalid.',
  );
const unauthorized = () =>
  walmartError(
    401,
    'UNAUTHORIZED.GMP_GATEWAY_API',
    'UNAUTHORIZED',
    'Unauthorized',
    'Unauthorized token or incorrect authorization header. Please verify correct format: "Authorization: Basic Base64Encode(clientId:clientSecret)"',
  );

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/v3/token') return json(404, { error: 'not_found' });
  for (const name of ['WM_SVC.NAME', 'WM_QOS.CORRELATION_ID']) {
    if (!request.headers.get(name)?.trim()) return missingHeader(name);
  }
  const credentials = basicCredentials(request);
  if (!credentials || credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return unauthorized();
  }
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return walmartError(
      400,
      'INVALID_REQUEST_CONTENT.GMP_GATEWAY_API',
      'Content-Type',
      'Bad Request',
      'Unsupported content type.',
    );
  }
  if (new URLSearchParams(await request.text()).get('grant_type') !== 'client_credentials') {
    return walmartError(400, 'INVALID_REQUEST.GMP_GATEWAY_API', 'grant_type', 'Bad Request', 'Invalid grant_type.');
  }
  if (!/\bapplication\/json\b/i.test(request.headers.get('accept') ?? '')) {
    return new Response(
      `<?xml version="1.0" encoding="UTF-8"?><OAuthTokenDTO><accessToken>${ACCESS_TOKEN}</accessToken><tokenType>Bearer</tokenType><expiresIn>900</expiresIn></OAuthTokenDTO>`,
      { status: 200, headers: { 'content-type': 'application/xml', 'cache-control': 'no-store' } },
    );
  }
  return json(200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 900 });
}

const request = (headers) =>
  new Request(`https://${customer.fields.environment}/v3/token`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'WM_SVC.NAME': 'Walmart Marketplace',
      'WM_QOS.CORRELATION_ID': 'b3261d2d-028a-4ef7-8602-633c23200af6',
      ...headers,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
const authorization = () => basic(customer.clientId, customer.clientSecret);

export default {
  id: 'walmart',
  docs: [
    'https://developer.walmart.com/us-marketplace/docs/get-an-access-token',
    'https://developer.walmart.com/us-marketplace/reference/tokenapi',
  ],
  matches: (url) => HOSTS.includes(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 900 },
  documentedRequest: () => request({ authorization: authorization() }),
  refusals: [
    {
      name: 'no WM_SVC.NAME header',
      request: () => request({ authorization: authorization(), 'WM_SVC.NAME': '' }),
      status: 400,
    },
    {
      name: 'no WM_QOS.CORRELATION_ID header',
      request: () => request({ authorization: authorization(), 'WM_QOS.CORRELATION_ID': '' }),
      status: 400,
    },
    {
      name: 'Basic credentials form-encoded before base64 (RFC 6749 §2.3.1), which Walmart does not decode',
      request: () => request({ authorization: formEncodedBasic(customer.clientId, customer.clientSecret) }),
      status: 401,
    },
  ],
};
