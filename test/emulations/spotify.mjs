// Spotify's Accounts service token endpoint for the Client Credentials flow, from
// https://developer.spotify.com/documentation/web-api/tutorials/client-credentials-flow ("Request
// authorization"): POST https://accounts.spotify.com/api/token, body parameters
// "encoded in application/x-www-form-urlencoded" with grant_type=client_credentials (required),
// and the headers Authorization: Basic <base64 encoded client_id:client_secret> and Content-Type
// application/x-www-form-urlencoded (both required). The answer:
// {access_token, token_type: "bearer", expires_in: 3600}. Errors follow RFC 6749 §5.2 with
// status 400: a wrong secret {"error": "invalid_client", "error_description": "Invalid client
// secret"}, no credentials "Invalid client", a missing grant_type
// {"error": "unsupported_grant_type", "error_description": "grant_type parameter is missing"}.
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: '1f8c3a9e5d7b4026a8e1c4f9b2d6e0a3',
  clientSecret: '9b4e2d7a1c8f3e6b0a5d9c2f7e4b1a86',
};
const ACCESS_TOKEN = 'BQDBKJ5eo5jxbtpWjVOj7ryS84khybFpP_lTqzV7uV-T_m0cTfwvdn5BnBSKPxKgEb11';
const oauthError = (error, description) => json(400, { error, error_description: description });

async function handle(request) {
  const url = new URL(request.url);
  if (url.pathname !== '/api/token') return json(404, { error: { status: 404, message: 'Service not found' } });
  if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' });
  const params = await formParams(request);
  if (!params || !params.get('grant_type')) {
    return oauthError('unsupported_grant_type', 'grant_type parameter is missing');
  }
  // The Authorization header is required: this emulation reads the client only from it.
  const basic = basicCredentials(request);
  if (!basic || basic.id !== customer.clientId) return oauthError('invalid_client', 'Invalid client');
  if (basic.secret !== customer.clientSecret) return oauthError('invalid_client', 'Invalid client secret');
  if (params.get('grant_type') !== 'client_credentials') {
    return oauthError(
      'unsupported_grant_type',
      'grant_type must be client_credentials, authorization_code or refresh_token',
    );
  }
  return json(200, { access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 3600 });
}

const form = (body, headers = {}) =>
  new Request('https://accounts.spotify.com/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = { authorization: `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}` };

export default {
  id: 'spotify',
  docs: ['https://developer.spotify.com/documentation/web-api/tutorials/client-credentials-flow'],
  matches: (url) => url.hostname === 'accounts.spotify.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  documentedRequest: () => form({ grant_type: 'client_credentials' }, authorization),
  refusals: [
    { name: 'no client credentials at all', request: () => form({ grant_type: 'client_credentials' }), status: 400 },
    { name: 'no grant_type', request: () => form({}, authorization), status: 400 },
    {
      name: 'a JSON body instead of a form',
      request: () =>
        new Request('https://accounts.spotify.com/api/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authorization },
          body: JSON.stringify({ grant_type: 'client_credentials' }),
        }),
      status: 400,
    },
  ],
};
