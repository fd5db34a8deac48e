// commercetools Composable Commerce's auth service for the client credentials flow, from
// https://docs.commercetools.com/api/authorization#client-credentials-flow : POST
// https://auth.{region}.commercetools.com/oauth/token, "providing your client_id and client_secret
// via HTTP Basic Authentication", grant_type=client_credentials and an optional scope (in the
// query string or the form body: the docs show `?grant_type=client_credentials&scope={scope}` and
// a curl with `-d`). "If you do not provide a scope, the access token is granted to all the scopes
// defined for the API Client" (https://docs.commercetools.com/api/scopes). The answer:
// {access_token, expires_in: 172800, scope, token_type: "Bearer"}. Client authentication that
// fails or is missing is 401 {"statusCode": 401, "message": "Please provide valid client
// credentials using HTTP Basic Authentication.", "errors": [{"code": "invalid_client", …}],
// "error": "invalid_client", "error_description": …}; a scope the API Client lacks is 400
// invalid_scope.
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: 'Kp3xR8_vLq2mN7bW-cT5sZ9y',
  clientSecret: 'uE4kR9_xTq2mW7bN-cL5sZ8yH3pD6fG1',
  fields: { region: 'europe-west1.gcp' },
};
const HOST = `auth.${customer.fields.region}.commercetools.com`;
const SCOPES = ['manage_products:acme-store', 'view_orders:acme-store'];
const ACCESS_TOKEN = 'vkFuQ6oTwj8_Ye4eiRSsqMeqLYNeQRJi';
const REGIONS =
  /^auth\.(?:europe-west1|us-central1|australia-southeast1)\.gcp\.commercetools\.com$|^auth\.(?:eu-central-1|us-east-2)\.aws\.commercetools\.com$/;

const ctError = (status, code, message) =>
  json(status, { statusCode: status, message, errors: [{ code, message }], error: code, error_description: message });
const INVALID_CLIENT = 'Please provide valid client credentials using HTTP Basic Authentication.';

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token' || url.hostname !== HOST) {
    return ctError(404, 'ResourceNotFound', `URI not found: ${url.pathname}`);
  }
  const basic = basicCredentials(request);
  if (!basic || basic.id !== customer.clientId || basic.secret !== customer.clientSecret) {
    return ctError(401, 'invalid_client', INVALID_CLIENT);
  }
  const params = await formParams(request);
  if (!params || params.get('grant_type') !== 'client_credentials') {
    return ctError(400, 'unsupported_grant_type', 'Invalid grant type.');
  }
  const scope = params.get('scope');
  if (scope && scope.split(' ').some((name) => !SCOPES.includes(name))) {
    return ctError(400, 'invalid_scope', `Invalid scope: ${scope}`);
  }
  return json(200, {
    access_token: ACCESS_TOKEN,
    expires_in: 172800,
    scope: scope ?? SCOPES.join(' '),
    token_type: 'Bearer',
  });
}

const authorization = { authorization: `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}` };
const form = (body, headers = {}) =>
  new Request(`https://${HOST}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'commercetools',
  docs: [
    'https://docs.commercetools.com/api/authorization#client-credentials-flow',
    'https://docs.commercetools.com/api/scopes',
  ],
  matches: (url) => REGIONS.test(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 172800 },
  documentedRequest: () => form({ grant_type: 'client_credentials', scope: SCOPES[0] }, authorization),
  refusals: [
    {
      name: 'the credentials in the body instead of Basic',
      request: () =>
        form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 401,
    },
    {
      name: 'a scope the API Client was not created with',
      request: () => form({ grant_type: 'client_credentials', scope: 'manage_project:acme-store' }, authorization),
      status: 400,
    },
  ],
};
