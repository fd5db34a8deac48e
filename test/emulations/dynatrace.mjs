// Dynatrace OAuth clients, from
// https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/oauth-clients
// ("Request a token") and https://docs.dynatrace.com/docs/manage/account-management/identity-access-management/account-api-oauth:
// POST https://sso.dynatrace.com/sso/oauth2/token, `Content-Type: application/x-www-form-urlencoded`,
// body (every value URL-encoded) `grant_type=client_credentials`, `client_id`, `client_secret`,
// `scope` (space-separated, required: a client must have at least one) and `resource`
// (urn:dtaccount:<account UUID>). Client ids and secrets hold dots: dt0s02.ABCD1234 and
// dt0s02.ABCD1234.<64 characters>. The answer: {scope, token_type: "Bearer", expires_in: 300,
// access_token, resource}. A bad request is 400 with Dynatrace's fields beside the RFC 6749 code
// ({errorCode: 400, message: "Bad Request", issueId, error, error_description}); the docs show no
// body for a wrong secret, which this emulation answers 400 invalid_client in the same shape.
import { basic, json } from './support.mjs';

const customer = {
  clientId: 'dt0s02.SAMPLE7Q',
  clientSecret: 'dt0s02.SAMPLE7Q.K3Q7VW2GXLN5PJH4YT6ZRM8B1CDSFE9A0UXO2IWQ5KT3LVN7HJ6GY4ZPM8RB1CD',
  fields: { account_uuid: '3fa1b2c4-5d6e-4f70-8a9b-0c1d2e3f4a5b' },
  scopes: ['account-idm-read', 'account-env-read'],
};
const ACCESS_TOKEN =
  'eyJraWQiOiIxIiwiYWxnIjoiRVMyNTYiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiJkdDBzMDIuU0FNUExFN1EiLCJhdWQiOiJ1cm46ZHRhY2NvdW50In0.dynatrace-token';
const CLIENT_SCOPES = new Set(['account-idm-read', 'account-idm-write', 'account-env-read', 'account-uac-read']);

const badRequest = (error, description) =>
  json(400, {
    errorCode: 400,
    message: 'Bad Request',
    issueId: crypto.randomUUID(),
    error,
    error_description: description,
  });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/sso/oauth2/token') return json(404, { error: 'not_found' });
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return badRequest('invalid_request', 'Unsupported content type');
  }
  const params = new URLSearchParams(await request.text());
  if (params.get('grant_type') !== 'client_credentials') return badRequest('unsupported_grant_type', '');
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return badRequest('invalid_client', '');
  }
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0 || !scopes.every((scope) => CLIENT_SCOPES.has(scope))) return badRequest('invalid_scope', '');
  const resource = `urn:dtaccount:${customer.fields.account_uuid}`;
  if (params.get('resource') !== resource) return badRequest('invalid_request', 'Invalid resource');
  return json(200, {
    scope: scopes.join(' '),
    token_type: 'Bearer',
    expires_in: 300,
    access_token: ACCESS_TOKEN,
    resource,
  });
}

const form = (body, headers = {}) =>
  new Request('https://sso.dynatrace.com/sso/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const scope = customer.scopes.join(' ');
const resource = `urn:dtaccount:${customer.fields.account_uuid}`;

export default {
  id: 'dynatrace',
  docs: [
    'https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/oauth-clients',
    'https://docs.dynatrace.com/docs/manage/account-management/identity-access-management/account-api-oauth',
  ],
  matches: (url) => url.hostname === 'sso.dynatrace.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 300 },
  documentedRequest: () =>
    form({
      grant_type: 'client_credentials',
      client_id: customer.clientId,
      client_secret: customer.clientSecret,
      scope,
      resource,
    }),
  refusals: [
    {
      name: 'the credentials in a Basic header instead of the body',
      request: () =>
        form(
          { grant_type: 'client_credentials', scope, resource },
          { authorization: basic(customer.clientId, customer.clientSecret) },
        ),
      status: 400,
    },
    {
      name: 'no resource (the account URN)',
      request: () =>
        form({
          grant_type: 'client_credentials',
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
          scope,
        }),
      status: 400,
    },
    {
      name: 'no scope',
      request: () =>
        form({
          grant_type: 'client_credentials',
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
          resource,
        }),
      status: 400,
    },
  ],
};
