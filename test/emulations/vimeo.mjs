// Vimeo's client credentials ("unauthenticated") token endpoint, from
// https://developer.vimeo.com/api/authentication#using-the-client-credentials-grant : POST
// https://api.vimeo.com/oauth/authorize/client with `Authorization: basic base64(client_id:client_secret)`,
// `Content-Type: application/json` (a form body is read too, as clients in the wild send one) and the body
// {"grant_type":"client_credentials","scope":"public"}. The answer:
// {"access_token":"…","token_type":"bearer","scope":"public","app":{"name":"…","uri":"/apps/…"}},
// with no `expires_in` (these tokens do not expire). Token endpoint errors are RFC 6749's
// ({"error":"invalid_client","error_description":"A valid client ID must be provided along with any
// request made to Vimeo's API"}, seen in Vimeo's own library issues); an unsupported grant type is
// 400 (https://developer.vimeo.com/api/reference, "Authentication Extras"). Vimeo's API reads Basic
// credentials as they are (its libraries, vimeo.php and vimeo.js, send base64 of the raw
// "id:secret"); its 128-character secrets hold `+` and `/`, which RFC 6749 §2.3.1 form-encoding turns
// into `%2B` and `%2F`, so a form-encoded Basic secret is refused here.
import { basic, basicCredentials, formEncodedBasic, formParams, json, jsonBody } from './support.mjs';

const customer = {
  clientId: 'b3f1c9a27e5d4f80a6c2e9d17b4f3a85c0e6d2f1',
  clientSecret:
    'c1rXFpwsuFtNUT7pRUglwGP0rl2sLl+pl2Agw2QNzUzWGGOFmjNPZikbtRnecFNQUWUNCGwdQQ63LknKfgUgXK7gcwQQPC2X19CuMccfjIASph99/eOJ2wXoTCLSEijD',
  scopes: ['public'],
};
const ACCESS_TOKEN = '8f2e6c1b9a7d4e3f5a0b2c8d7e6f1a9b';
const CLIENT_MISSING = "A valid client ID must be provided along with any request made to Vimeo's API";

async function params(request) {
  if (/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    const body = await jsonBody(request);
    return body && new Map(Object.entries(body).map(([name, value]) => [name, String(value)]));
  }
  const form = await formParams(request);
  return form && new Map(form);
}

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname.replace(/\/$/, '') !== '/oauth/authorize/client') {
    return json(404, { error: 'The requested page could not be found.' });
  }
  const credentials = basicCredentials(request);
  if (!credentials) return json(401, { error: 'invalid_client', error_description: CLIENT_MISSING });
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return json(401, { error: 'invalid_client', error_description: 'The client credentials provided are invalid.' });
  }
  const body = await params(request);
  if (!body) return json(400, { error: 'invalid_request', error_description: 'The request body could not be read.' });
  if (body.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: 'The authorization grant type is not supported by the authorization server.',
    });
  }
  const scope = (body.get('scope') ?? 'public').split(' ').filter(Boolean).join(' ');
  return json(200, {
    access_token: ACCESS_TOKEN,
    token_type: 'bearer',
    scope,
    app: { name: 'Acme Video Sync', uri: '/apps/284611' },
  });
}

const request = (authorization, body) =>
  new Request('https://api.vimeo.com/oauth/authorize/client', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/vnd.vimeo.*+json;version=3.4',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify(body),
  });

export default {
  id: 'vimeo',
  docs: [
    'https://developer.vimeo.com/api/authentication#using-the-client-credentials-grant',
    'https://developer.vimeo.com/api/reference',
  ],
  matches: (url) => url.hostname === 'api.vimeo.com',
  handle,
  customer,
  // No expiry in the answer: the preset's defaultLifetime.
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 86400 },
  documentedRequest: () =>
    request(`basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}`, {
      grant_type: 'client_credentials',
      scope: 'public',
    }),
  refusals: [
    {
      name: 'the client identifier and secret in the body instead of Basic',
      request: () =>
        request(null, {
          grant_type: 'client_credentials',
          scope: 'public',
          client_id: customer.clientId,
          client_secret: customer.clientSecret,
        }),
      status: 401,
    },
    {
      name: "Basic credentials form-encoded before base64 (RFC 6749 §2.3.1): the secret's + and / arrive as %2B and %2F",
      request: () =>
        request(formEncodedBasic(customer.clientId, customer.clientSecret), {
          grant_type: 'client_credentials',
          scope: 'public',
        }),
      status: 401,
    },
    {
      name: 'the authorization code grant at the client credentials endpoint',
      request: () =>
        request(basic(customer.clientId, customer.clientSecret), { grant_type: 'authorization_code', code: 'x' }),
      status: 400,
    },
  ],
};
