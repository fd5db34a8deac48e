// FedEx API Authorization, from https://developer.fedex.com/api/en-us/catalog/authorization/docs.html
// and its OpenAPI (https://developer.fedex.com/wirc/json/api_groups/APIAuthorization/APIAuthorization-Resource.json):
// POST https://apis.fedex.com/oauth/token (sandbox: apis-sandbox.fedex.com), header
// `content-type: application/x-www-form-urlencoded` required, body `grant_type` (client_credentials,
// or csp_credentials / client_pc_credentials for integrators with a child key), `client_id` (the
// project's API Key) and `client_secret` (its Secret Key); no Basic. The answer:
// {access_token, token_type: "bearer", expires_in: 3599, scope: "CXS"}; tokens last 60 minutes.
// Errors use FedEx's envelope {transactionId, errors: [{code, message}]}: wrong credentials are
// 401 NOT.AUTHORIZED.ERROR, a missing or duplicate parameter 400 BAD.REQUEST.ERROR.
import { basic, json } from './support.mjs';

const customer = {
  clientId: 'l7c3a9f0e24b6d48f1a27c5e9d03b8a6f1',
  clientSecret: '4e2b9d7f1c8a4036b5e0a9d2c7f13e68',
  fields: { environment: 'apis.fedex.com' },
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzY29wZSI6WyJDWFMtVFAiXSwiUGF5bG9hZCI6eyJjbGllbnRJZGVudGl0eSI6e319fQ.fedex-token';
const HOSTS = ['apis.fedex.com', 'apis-sandbox.fedex.com'];
const GRANTS = ['client_credentials', 'csp_credentials', 'client_pc_credentials'];

const fedexError = (status, code, message) =>
  json(status, { transactionId: crypto.randomUUID(), errors: [{ code, message }] });
const badRequest = () =>
  fedexError(400, 'BAD.REQUEST.ERROR', 'Missing or duplicate parameters. Please modify your request and try again.');

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token') return json(404, { error: 'not_found' });
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) return badRequest();
  const params = new URLSearchParams(await request.text());
  for (const name of ['grant_type', 'client_id', 'client_secret']) {
    if (params.getAll(name).length !== 1) return badRequest();
  }
  if (!GRANTS.includes(params.get('grant_type'))) return badRequest();
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return fedexError(
      401,
      'NOT.AUTHORIZED.ERROR',
      'The given client credentials were not valid. Please modify your request and try again.',
    );
  }
  return json(200, { access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 3599, scope: 'CXS' });
}

const request = (body, headers = {}, contentType = 'application/x-www-form-urlencoded') =>
  new Request(`https://${customer.fields.environment}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
const credentials = { client_id: customer.clientId, client_secret: customer.clientSecret };

export default {
  id: 'fedex',
  docs: [
    'https://developer.fedex.com/api/en-us/catalog/authorization/docs.html',
    'https://developer.fedex.com/wirc/json/api_groups/APIAuthorization/APIAuthorization-Resource.json',
  ],
  matches: (url) => HOSTS.includes(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3599 },
  documentedRequest: () => request(new URLSearchParams({ grant_type: 'client_credentials', ...credentials })),
  refusals: [
    {
      name: 'the credentials in a Basic header instead of the body',
      request: () =>
        request(new URLSearchParams({ grant_type: 'client_credentials' }), {
          authorization: basic(customer.clientId, customer.clientSecret),
        }),
      status: 400,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        request(JSON.stringify({ grant_type: 'client_credentials', ...credentials }), {}, 'application/json'),
      status: 400,
    },
    {
      name: 'a grant type FedEx does not know',
      request: () => request(new URLSearchParams({ grant_type: 'password', ...credentials })),
      status: 400,
    },
  ],
};
