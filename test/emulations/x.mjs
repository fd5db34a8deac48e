// X's app-only token endpoint (OAuth 2.0 Bearer Token), from
// https://docs.x.com/fundamentals/authentication/oauth-2-0/application-only and
// https://docs.x.com/fundamentals/authentication/oauth-2-0/bearer-tokens : POST
// https://api.x.com/oauth2/token (api.twitter.com is the same service) with the app's consumer API
// key and secret in HTTP Basic, `Content-Type: application/x-www-form-urlencoded;charset=UTF-8` and
// the body `grant_type=client_credentials`. The answer is {"token_type":"bearer","access_token":"AAAA…"}:
// no `expires_in` (the token lasts until invalidated; asking again returns the same one).
// Errors are X's own shape, {"errors":[{"code":99,"label":"authenticity_token_error","message":
// "Unable to verify your credentials"}]} with 403 for missing or wrong credentials (no RFC 6749
// `error` member); a missing grant_type is 403 too, and another grant_type 400 (the statuses X's own
// troubleshooting and the docs' examples show). Enforced: POST, the path, a form body, Basic read as
// it is (X's keys are alphanumeric), no credentials in the body, grant_type=client_credentials.
import { basic, basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: 'Qk7vZ2mN9xR4tW8yL3pB6hJ1c',
  clientSecret: 'Xr9Tq2LmV7nK4pZ8wB3yH6cJ1dF5gS0aE2uR7tY9iO4pM8nQ3v',
};
const ACCESS_TOKEN =
  'AAAAAAAAAAAAAAAAAAAAAJq3wQEAAAAAk2%2FxR7vLmQ9pZ4nT8sB3yH6cJ1dF%3D5gS0aE2uR7tY9iO4pM8nQ3vXr9Tq2LmV7nK4pZ8wB3yH6cJ1';

const unverified = () =>
  json(403, {
    errors: [{ code: 99, label: 'authenticity_token_error', message: 'Unable to verify your credentials' }],
  });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth2/token') {
    return json(404, { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] });
  }
  const params = await formParams(request);
  if (!params) return unverified();
  const credentials = basicCredentials(request);
  if (!credentials || params.has('client_secret')) return unverified();
  if (credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) return unverified();
  const grantType = params.get('grant_type');
  if (grantType === null) {
    return json(403, { errors: [{ message: 'Missing required parameter: grant_type' }] });
  }
  if (grantType !== 'client_credentials') {
    return json(400, { errors: [{ message: `${grantType} parameter is invalid` }] });
  }
  return json(200, { token_type: 'bearer', access_token: ACCESS_TOKEN });
}

const form = (body, headers = {}) =>
  new Request('https://api.x.com/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
    body: new URLSearchParams(body),
  });
const authorization = () => ({ authorization: basic(customer.clientId, customer.clientSecret) });

export default {
  id: 'x',
  docs: [
    'https://docs.x.com/fundamentals/authentication/oauth-2-0/application-only',
    'https://docs.x.com/fundamentals/authentication/oauth-2-0/bearer-tokens',
  ],
  matches: (url) => url.hostname === 'api.x.com' || url.hostname === 'api.twitter.com',
  handle,
  customer,
  // No expiry in the answer: the preset's defaultLifetime.
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 86400 },
  // curl -u "$API_KEY:$API_SECRET_KEY" --data 'grant_type=client_credentials' 'https://api.x.com/oauth2/token'
  documentedRequest: () => form({ grant_type: 'client_credentials' }, authorization()),
  refusals: [
    {
      name: 'the consumer key and secret in the body instead of Basic',
      request: () =>
        form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 403,
    },
    {
      name: 'no grant_type',
      request: () => form({}, authorization()),
      status: 403,
    },
    {
      name: 'another grant type than client_credentials',
      request: () => form({ grant_type: 'account_credentials' }, authorization()),
      status: 400,
    },
  ],
};
