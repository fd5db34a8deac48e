// Jamf Pro's token endpoint for API Clients, from
// https://developer.jamf.com/jamf-pro/docs/client-credentials,
// https://developer.jamf.com/jamf-pro/reference/postoauthtoken and Jamf Pro's own documentation,
// "Generating a Client Secret" (https://learn.jamf.com/r/en-US/jamf-pro-documentation-11.16.0/Generating_a_Client_Secret):
// POST https://<instance>.jamfcloud.com/api/oauth/token, `Content-Type: application/x-www-form-urlencoded`,
// with client_id, grant_type=client_credentials and client_secret, and optionally a space-delimited
// `scope` listing some of the client's own roles ("specifying a role that is not assigned to this
// client will result in an invalid_scope error"). The answer:
// {"access_token":"eyJhbGciOiJIUzI1NiJ9…","scope":"api-role:2","token_type":"Bearer","expires_in":599}.
// Other errors are RFC 6749's from Jamf Pro's OAuth server: 401 invalid_client for wrong credentials,
// 400 invalid_request for an unreadable request, 400 unsupported_grant_type. Enforced: POST, the
// path, a form body, the credentials in the body, grant_type=client_credentials, roles the client has.
import { formParams, json } from './support.mjs';

const customer = {
  clientId: '2f6d9c41-8e3b-4a57-b0c2-7d5e1f9a3b68',
  clientSecret: 'Tq8Lm-2vZ9xR4nK7pB3yH6cJ1dF5gS0aE2uR7tY9iO4pM8nQ3v_Xr9Tq2LmV7nK4',
  fields: { instance: 'acmecorp' },
};
const ROLES = ['api-role:2'];
const ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.jamf-pro-api-client-token.2QGGXfVo8KgTGoZBIuE1d4bdnN0JqiZ5KXPO0pOkd9U';

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/api/oauth/token')
    return json(404, { httpStatus: 404, errors: [] });
  const params = await formParams(request);
  if (!params || !params.get('grant_type')) return json(400, { error: 'invalid_request' });
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return json(401, { error: 'invalid_client' });
  }
  if (params.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
  const requested = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (requested.some((role) => !ROLES.includes(role))) return json(400, { error: 'invalid_scope' });
  return json(200, {
    access_token: ACCESS_TOKEN,
    scope: (requested.length ? requested : ROLES).join(' '),
    token_type: 'Bearer',
    expires_in: 599,
  });
}

const TOKEN_URL = 'https://acmecorp.jamfcloud.com/api/oauth/token';
const form = (body) =>
  new Request(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });

export default {
  id: 'jamf-pro',
  docs: [
    'https://developer.jamf.com/jamf-pro/docs/client-credentials',
    'https://developer.jamf.com/jamf-pro/reference/postoauthtoken',
    'https://learn.jamf.com/r/en-US/jamf-pro-documentation-11.16.0/Generating_a_Client_Secret',
  ],
  matches: (url) => /^[a-z0-9-]+\.jamfcloud\.com$/.test(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 599 },
  documentedRequest: () =>
    form({ client_id: customer.clientId, grant_type: 'client_credentials', client_secret: customer.clientSecret }),
  refusals: [
    {
      name: 'a role that is not assigned to the client',
      request: () =>
        form({
          client_id: customer.clientId,
          grant_type: 'client_credentials',
          client_secret: customer.clientSecret,
          scope: 'api-role:7',
        }),
      status: 400,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        new Request(TOKEN_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: customer.clientId,
            grant_type: 'client_credentials',
            client_secret: customer.clientSecret,
          }),
        }),
      status: 400,
    },
    {
      name: 'the password grant of the older Jamf Pro tokens',
      request: () =>
        form({ client_id: customer.clientId, grant_type: 'password', client_secret: customer.clientSecret }),
      status: 400,
    },
  ],
};
