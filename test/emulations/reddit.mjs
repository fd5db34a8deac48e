// Reddit's token endpoint for application-only OAuth, from Reddit's OAuth2 documentation
// (https://github.com/reddit-archive/reddit/wiki/OAuth2, sections "Application Only OAuth" and
// "Retrieving the access token") and its API rules (https://github.com/reddit-archive/reddit/wiki/API):
// POST https://www.reddit.com/api/v1/access_token with the client ID and secret as HTTP Basic
// (user = client ID, password = secret) and the form body `grant_type=client_credentials`
// (confidential clients: web apps and scripts). The answer:
// {"access_token":"…","token_type":"bearer","expires_in":3600,"scope":"*"}.
// A missing or wrong Basic credential is 401 {"message":"Unauthorized","error":401} (a number, not an
// RFC 6749 code); a client with no descriptive User-Agent is throttled, 429 Too Many Requests.
// Reddit answers an unsupported grant_type with {"error":"unsupported_grant_type"} but status 200,
// so that case is emulated and not listed as a refusal. Enforced: POST, the path, a form body,
// Basic read byte for byte (not form-decoded), a User-Agent, grant_type=client_credentials.
import { basic, basicCredentials, formEncodedBasic, formParams, json } from './support.mjs';

const customer = {
  clientId: 'v7Qn-2RkYz_8HwLpTs3mAa',
  clientSecret: 'kP9_xQ2-mL7vZ4nR8tB3yH6cJ1dF5g',
  fields: { reddit_username: 'acme_bot' },
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IlNIQTI1NjpzS3dsMnlsV0VtMjVmcXhwTU40cWY4MXE2OWFFdWFyMnpLMUdhVGxjdWNZIn0.reddit-app-only';

const unauthorized = () => json(401, { message: 'Unauthorized', error: 401 });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/api/v1/access_token') {
    return json(404, { message: 'Not Found', error: 404 });
  }
  if (!request.headers.get('user-agent')) return json(429, { message: 'Too Many Requests', error: 429 });
  const params = await formParams(request);
  const credentials = basicCredentials(request);
  if (!credentials || credentials.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return unauthorized();
  }
  if (!params || params.get('grant_type') !== 'client_credentials')
    return json(200, { error: 'unsupported_grant_type' });
  return json(200, { access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 3600, scope: '*' });
}

const USER_AGENT = `server:${customer.clientId}:v1.0 (by /u/${customer.fields.reddit_username})`;
const form = (body, headers = {}) =>
  new Request('https://www.reddit.com/api/v1/access_token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT, ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'reddit',
  docs: ['https://github.com/reddit-archive/reddit/wiki/OAuth2', 'https://github.com/reddit-archive/reddit/wiki/API'],
  matches: (url) => url.hostname === 'www.reddit.com',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 3600 },
  // curl -X POST -A '<user agent>' --user '<client_id>:<secret>' -d 'grant_type=client_credentials' https://www.reddit.com/api/v1/access_token
  documentedRequest: () =>
    form({ grant_type: 'client_credentials' }, { authorization: basic(customer.clientId, customer.clientSecret) }),
  refusals: [
    {
      name: 'the client ID and secret in the body instead of Basic',
      request: () =>
        form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 401,
    },
    {
      name: 'Basic credentials form-encoded before base64 (RFC 6749 §2.3.1), which Reddit does not decode',
      request: () =>
        form(
          { grant_type: 'client_credentials' },
          { authorization: formEncodedBasic(customer.clientId, customer.clientSecret) },
        ),
      status: 401,
    },
    {
      name: 'no User-Agent (Reddit throttles clients that do not say who they are)',
      request: () =>
        new Request('https://www.reddit.com/api/v1/access_token', {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: basic(customer.clientId, customer.clientSecret),
          },
          body: 'grant_type=client_credentials',
        }),
      status: 429,
    },
  ],
};
