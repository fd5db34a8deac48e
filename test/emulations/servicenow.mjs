// A ServiceNow instance's OAuth token endpoint for the client credentials grant, from
// https://www.servicenow.com/docs/r/platform-security/authentication/client-credentials-grant-workflow.html :
// POST https://<servicenow_base_url>/oauth_token.do with the parameters grant_type
// (client_credentials), client_id and client_secret (all required) and an optional scope, as a
// form body. The access token lifespan defaults to 1800 seconds
// (https://www.servicenow.com/docs/r/platform-security/authentication/configure-an-oauth-client-credential-grant.html),
// answered as {access_token, scope, token_type: "Bearer", expires_in: 1799}. Failed client
// authentication — a wrong secret, or an instance that has not enabled the grant — is 401
// {"error_description": "access_denied", "error": "server_error"}: ServiceNow's own shape, not
// RFC 6749's invalid_client (seen in the ServiceNow Community,
// https://www.servicenow.com/community/servicenow-ide-sdk-and-fluent/how-to-generate-oauth-token-with-grant-type-client-credentials/td-p/3252663).
import { formParams, json } from './support.mjs';

const customer = {
  clientId: '4f1d8a2c7b9e4e0f9a6c3b5d2e8f1a7c',
  clientSecret: 'Lq7!xZ2k#Vn9-Rt4_pWm',
  fields: { instance: 'acme' },
};
const HOST = `${customer.fields.instance}.service-now.com`;
const ACCESS_TOKEN = 'b8Ku2aXo_1hP3mQz7vR-9cT4wY6eN0sL5dF2gJ8kH1jM3nB7vC9xZ4qW6eR8tY0uI2oP4aS6dF8gH0jK2lZ4xC6vB8nM0';
const denied = () => json(401, { error_description: 'access_denied', error: 'server_error' });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth_token.do' || url.hostname !== HOST) {
    return json(404, { error: { message: 'Not Found' }, status: 'failure' });
  }
  const params = await formParams(request);
  if (!params) return denied();
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return denied();
  }
  if (params.get('grant_type') !== 'client_credentials') return denied();
  return json(200, {
    access_token: ACCESS_TOKEN,
    scope: params.get('scope') ?? '',
    token_type: 'Bearer',
    expires_in: 1799,
  });
}

const form = (body, headers = {}) =>
  new Request(`https://${HOST}/oauth_token.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'servicenow',
  docs: [
    'https://www.servicenow.com/docs/r/platform-security/authentication/client-credentials-grant-workflow.html',
    'https://www.servicenow.com/docs/r/platform-security/authentication/configure-an-oauth-client-credential-grant.html',
    'https://www.servicenow.com/community/servicenow-ide-sdk-and-fluent/how-to-generate-oauth-token-with-grant-type-client-credentials/td-p/3252663',
  ],
  matches: (url) => url.hostname.endsWith('.service-now.com'),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 1799 },
  documentedRequest: () =>
    form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
  refusals: [
    {
      name: 'the credentials in a Basic header instead of the body',
      request: () =>
        form(
          { grant_type: 'client_credentials' },
          { authorization: `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}` },
        ),
      status: 401,
    },
    {
      name: 'the client id without its secret',
      request: () => form({ grant_type: 'client_credentials', client_id: customer.clientId }),
      status: 401,
    },
  ],
};
