// PingOne's token endpoint for a Worker application's client_credentials grant, from
// https://developer.pingidentity.com/pingone-api/workflow-library/application-management/configure-a-non-interactive-worker-application/step-3-get-a-token.html :
// POST {{authPath}}/{{envID}}/as/token — authPath https://auth.pingone.com for North America, and
// .eu, .ca, .asia, .com.au for the other regions
// (https://developer.pingidentity.com/pingone-api/getting-started/create-a-test-environment/step-1-get-access-token.html)
// — with a form body grant_type=client_credentials and "basic authentication, in which the
// application ID … and the application secret … are used". The app's tokenEndpointAuthMethod
// decides how it must authenticate (CLIENT_SECRET_BASIC by default; CLIENT_SECRET_POST puts
// client_id and client_secret in the body instead:
// https://developer.pingidentity.com/pingone-api/auth/openid-connect-oauth-2/token-client_credentials-client-secret-post.html).
// The answer: {access_token, token_type: "Bearer", expires_in: 3600}. Client authentication that
// fails is 401 {"error": "invalid_client", "error_description": "Request denied: … (Correlation
// ID: …)"}.
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: 'c0a8f6e2-5b1d-4c3e-9f7a-2d4b6e8a0c1f',
  clientSecret: 'Vq2.Jx8~Lm4_Rt7-Nb1zK9sW3yH6pD0fG5aE8uC2iO4nM7rB1tY~wQ3xC8vF6hJ.',
  fields: { region: 'eu', environment_id: '5e8a3c1f-7b2d-4e9a-8c6f-0d1b3a5e7c9f' },
};
const HOST = `auth.pingone.${customer.fields.region}`;
const PATH = `/${customer.fields.environment_id}/as/token`;
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImRlZmF1bHQifQ.pingone-worker-token';
const REGIONS = ['com', 'eu', 'ca', 'asia', 'com.au'];
const CORRELATION = '3f9e2b7c-1a4d-4e8f-b6c2-9d0a5e7f1b3c';
const invalidClient = (reason) =>
  json(401, {
    error: 'invalid_client',
    error_description: `Request denied: ${reason} (Correlation ID: ${CORRELATION})`,
  });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.hostname !== HOST || url.pathname !== PATH) {
    return json(404, { id: CORRELATION, code: 'NOT_FOUND', message: 'The requested resource was not found.' });
  }
  const params = await formParams(request);
  if (!params) return json(400, { error: 'invalid_request', error_description: 'Unsupported content type' });
  const basic = basicCredentials(request);
  if (!basic) return invalidClient('Unsupported authentication method');
  if (basic.id !== customer.clientId || basic.secret !== customer.clientSecret) {
    return invalidClient('Invalid client credentials');
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: `Unsupported grant type (Correlation ID: ${CORRELATION})`,
    });
  }
  return json(200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 });
}

const form = (body, headers = {}) =>
  new Request(`https://${HOST}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = { authorization: `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}` };

export default {
  id: 'pingone',
  docs: [
    'https://developer.pingidentity.com/pingone-api/workflow-library/application-management/configure-a-non-interactive-worker-application/step-3-get-a-token.html',
    'https://developer.pingidentity.com/pingone-api/getting-started/create-a-test-environment/step-1-get-access-token.html',
  ],
  matches: (url) => REGIONS.some((region) => url.hostname === `auth.pingone.${region}`),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () => form({ grant_type: 'client_credentials' }, authorization),
  refusals: [
    {
      name: 'the credentials in the body for a Client Secret Basic app',
      request: () =>
        form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 401,
    },
    {
      name: 'a JSON body instead of a form',
      request: () =>
        new Request(`https://${HOST}${PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authorization },
          body: JSON.stringify({ grant_type: 'client_credentials' }),
        }),
      status: 400,
    },
  ],
};
