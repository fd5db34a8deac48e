// Microsoft Entra ID's v2.0 token endpoint for the client credentials grant with a shared secret,
// from https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
// ("First case: Access token request with a shared secret"): POST
// https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token, a form body with client_id,
// scope (the resource's `/.default`, one resource only), client_secret and
// grant_type=client_credentials; "the Basic auth pattern … per RFC 6749 §2.3.1 is also
// supported" (so Basic credentials are form-decoded). The answer:
// {token_type: "Bearer", expires_in: 3599, access_token}. Errors are
// {error, error_description: "AADSTS…", error_codes, timestamp, trace_id, correlation_id}; the
// AADSTS codes and statuses follow
// https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
// (7000215 a wrong secret — often the Secret ID pasted instead of its Value — 401 invalid_client;
// 900144 a missing parameter, 400; 1002012 a scope without `/.default`, 400 invalid_scope;
// 700016 an unknown application, 400 unauthorized_client; 90002 an unknown tenant, 400).
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: '6731de76-14a6-49ae-97bc-6eba6914391e',
  clientSecret: 'Wq48Q~k.dRfT3_vXb-ZnHs7yLp~2mJcE0uAgK9oB',
  fields: { tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
  scopes: ['https://graph.microsoft.com/.default'],
};
const ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QiLCJub25jZSI6IkVudHJhIn0.entra-app-only-token';
const SECRET_ID = '1f3b6c2a-8d4e-4f5a-9b7c-0e2d4a6c8e1f';
const TRACE = '255d1aef-8c98-452f-ac51-23d051240864';
const CORRELATION = 'fb3d2015-bc17-4bb9-bb85-30c5cf1aaaa7';

const aadError = (status, error, code, text) =>
  json(status, {
    error,
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: 2026-12-05 10:00:00Z`,
    error_codes: [code],
    timestamp: '2026-12-05 10:00:00Z',
    trace_id: TRACE,
    correlation_id: CORRELATION,
  });

/** RFC 6749 §2.3.1: Entra form-decodes the Basic id and secret. */
function formDecodedBasic(request) {
  const basic = basicCredentials(request);
  if (!basic) return null;
  const decode = (value) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return null;
    }
  };
  return { id: decode(basic.id), secret: decode(basic.secret) };
}

async function handle(request) {
  const url = new URL(request.url);
  const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
  if (request.method !== 'POST' || !match) return json(404, { error: 'not_found' });
  if (match[1] !== customer.fields.tenant_id) {
    return aadError(400, 'invalid_request', 90002, `Tenant '${match[1]}' not found.`);
  }
  const params = await formParams(request);
  if (!params || !params.get('grant_type')) {
    return aadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }
  const basic = params.has('client_secret') ? null : formDecodedBasic(request);
  const clientId = basic ? basic.id : params.get('client_id');
  const secret = basic ? basic.secret : params.get('client_secret');
  if (!clientId) {
    return aadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  if (clientId !== customer.clientId) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory.`,
    );
  }
  if (!secret) {
    return aadError(
      401,
      'invalid_client',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    );
  }
  if (secret !== customer.clientSecret) {
    return aadError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${customer.clientId}'.`,
    );
  }
  const scope = params.get('scope');
  if (!scope) {
    return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  }
  if (scope !== customer.scopes[0]) {
    return aadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  return json(200, { token_type: 'Bearer', expires_in: 3599, access_token: ACCESS_TOKEN });
}

const TOKEN_URL = `https://login.microsoftonline.com/${customer.fields.tenant_id}/oauth2/v2.0/token`;
const form = (body) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
const credentials = { client_id: customer.clientId, client_secret: customer.clientSecret };

export default {
  id: 'microsoft-entra',
  docs: [
    'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
    'https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes',
  ],
  matches: (url) => url.hostname === 'login.microsoftonline.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3599 },
  // The docs' curl: the form body exactly as the page writes it (scope percent-encoded).
  documentedRequest: () =>
    new Request(TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_id=${customer.clientId}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=${encodeURIComponent(customer.clientSecret)}&grant_type=client_credentials`,
    }),
  refusals: [
    {
      name: 'no scope (Entra needs the resource’s /.default)',
      request: () => form({ ...credentials, grant_type: 'client_credentials' }),
      status: 400,
    },
    {
      name: 'Graph permission names as the scope instead of /.default',
      request: () => form({ ...credentials, grant_type: 'client_credentials', scope: 'User.Read.All Mail.Read' }),
      status: 400,
    },
    {
      name: 'the Secret ID pasted instead of the secret’s Value',
      request: () =>
        form({ ...credentials, client_secret: SECRET_ID, grant_type: 'client_credentials', scope: customer.scopes[0] }),
      status: 401,
    },
    {
      name: 'a JSON body instead of a form',
      request: () =>
        new Request(TOKEN_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...credentials, grant_type: 'client_credentials', scope: customer.scopes[0] }),
        }),
      status: 400,
    },
  ],
};
