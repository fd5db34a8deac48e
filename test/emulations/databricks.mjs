// Databricks OAuth machine-to-machine, from https://docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m
// ("Manually generate a workspace-level access token"): POST https://<workspace>.cloud.databricks.com/oidc/v1/token
// with the service principal's client id and OAuth secret as HTTP Basic (`curl --user
// "$CLIENT_ID:$CLIENT_SECRET"`), body `grant_type=client_credentials&scope=all-apis`. The answer:
// {access_token: "<JWT>", scope: "all-apis", token_type: "Bearer", expires_in: 3600}; tokens live an hour.
// The page shows no error bodies; this emulation answers RFC 6749's: a wrong secret 401
// invalid_client, a missing or unknown scope 400 invalid_scope, another grant 400
// unsupported_grant_type. It also reads credentials from the body (client_secret_post), which the
// page does not forbid.
import { basic, basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: '9a3c6e1f-2b4d-4f8a-b7c5-0d1e2f3a4b5c',
  clientSecret: 'dose4f7a2c9e1b3d5f8a0c2e4b6d8f1a3c5e',
  fields: { workspace: 'dbc-a1b2345c-d6e7' },
  scopes: ['all-apis'],
};
const ACCESS_TOKEN =
  'eyJraWQiOiJkYTA4ZTVjZjFlODA3ZDlhYjk2ZDk4ZmJjYmMyNGQ0ZjkxNDVlMTM2MjM4MGMzYmY4ZDRlYzA1YzA4Y2MxOTk3IiwidHlwIjoiYXQrand0IiwiYWxnIjoiUlMyNTYifQ.databricks-m2m-token';

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oidc/v1/token') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params) return json(400, { error: 'invalid_request', error_description: 'Unsupported content type' });
  const credentials = basicCredentials(request) ?? {
    id: params.get('client_id'),
    secret: params.get('client_secret'),
  };
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return json(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
  }
  if (params.get('scope') !== 'all-apis') {
    return json(400, { error: 'invalid_scope', error_description: 'The requested scope is invalid' });
  }
  return json(200, { access_token: ACCESS_TOKEN, scope: 'all-apis', token_type: 'Bearer', expires_in: 3600 });
}

const form = (body, headers = {}) =>
  new Request(`https://${customer.fields.workspace}.cloud.databricks.com/oidc/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = () => basic(customer.clientId, customer.clientSecret);

export default {
  id: 'databricks',
  docs: ['https://docs.databricks.com/aws/en/dev-tools/auth/oauth-m2m'],
  matches: (url) =>
    /^[a-z0-9-]+\.cloud\.databricks\.com$/.test(url.hostname) && url.hostname !== 'accounts.cloud.databricks.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () =>
    form({ grant_type: 'client_credentials', scope: 'all-apis' }, { authorization: authorization() }),
  refusals: [
    {
      name: 'no scope (the docs ask for scope=all-apis)',
      request: () => form({ grant_type: 'client_credentials' }, { authorization: authorization() }),
      status: 400,
    },
    {
      name: 'a grant other than client_credentials',
      request: () => form({ grant_type: 'password', scope: 'all-apis' }, { authorization: authorization() }),
      status: 400,
    },
    {
      name: 'no client credentials at all',
      request: () => form({ grant_type: 'client_credentials', scope: 'all-apis' }),
      status: 401,
    },
  ],
};
