// Marketo Engage REST identity service, from
// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication and the
// Identity reference (https://developer.adobe.com/marketo-apis/api/identity): `GET` (or POST)
// `<Identity URL>/oauth/token?grant_type=client_credentials&client_id=…&client_secret=…`, the Identity
// URL being https://{Munchkin ID}.mktorest.com/identity; all three are query parameters (the reference
// lists them "in: query" for both methods; this emulation also reads a POSTed form, as a servlet's
// parameters would), and no Basic header is read. The answer: {access_token:
// "cdf01657-110d-4155-99a7-f986b2ff13a0:int", token_type: "bearer", expires_in: 3599, scope:
// "apis@acmeinc.com"} — `expires_in` is the remaining life of the custom service's one token, `scope`
// the API-only user. The page shows no error body; the identity service answers as Spring Security
// OAuth does: 401 {"error": "unauthorized", …} when no client is found in the request,
// 401 {"error": "invalid_client", "error_description": "Bad client credentials"} for a wrong secret.
import { formParams, json } from './support.mjs';

const customer = {
  clientId: '3f1d8a2c-6b4e-4c9d-a07e-59b1c2d8e6f3',
  clientSecret: 'Qm7Xr2TzLk9VbN4wHj6YpC1sFa8DgE5u',
  fields: { munchkin_id: '064-CCJ-768' },
};
const ACCESS_TOKEN = 'cdf01657-110d-4155-99a7-f986b2ff13a0:ab';

async function handle(request) {
  const url = new URL(request.url);
  if (url.hostname !== `${customer.fields.munchkin_id.toLowerCase()}.mktorest.com`)
    return json(404, { error: 'not_found' });
  if (!['GET', 'POST'].includes(request.method) || url.pathname !== '/identity/oauth/token') {
    return json(404, { error: 'not_found' });
  }
  const params = await formParams(request);
  if (!params) return json(400, { error: 'invalid_request', error_description: 'Unsupported content type' });
  if (!params.get('client_id')) {
    return json(401, {
      error: 'unauthorized',
      error_description: 'An Authentication object was not found in the SecurityContext',
    });
  }
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return json(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
  }
  if (!params.get('grant_type'))
    return json(400, { error: 'invalid_request', error_description: 'Missing grant type' });
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: `Unsupported grant type: ${params.get('grant_type')}`,
    });
  }
  return json(200, {
    access_token: ACCESS_TOKEN,
    token_type: 'bearer',
    expires_in: 3599,
    scope: 'integrations@acme-corp.com',
  });
}

const IDENTITY = `https://${customer.fields.munchkin_id}.mktorest.com/identity/oauth/token`;
const query = (params) => `${IDENTITY}?${new URLSearchParams(params)}`;

export default {
  id: 'marketo',
  docs: [
    'https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication',
    'https://developer.adobe.com/marketo-apis/api/identity',
  ],
  matches: (url) => /^[0-9]{3}-[a-z]{3}-[0-9]{3}\.mktorest\.com$/.test(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3599 },
  documentedRequest: () =>
    new Request(
      query({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
    ),
  refusals: [
    {
      name: 'a grant other than client_credentials',
      request: () =>
        new Request(
          query({ grant_type: 'password', client_id: customer.clientId, client_secret: customer.clientSecret }),
        ),
      status: 400,
    },
    {
      name: 'no grant_type',
      request: () => new Request(query({ client_id: customer.clientId, client_secret: customer.clientSecret })),
      status: 400,
    },
    {
      name: 'no client credentials in the parameters',
      request: () => new Request(query({ grant_type: 'client_credentials' })),
      status: 401,
    },
  ],
};
