// Twitch's token endpoint for the client credentials grant flow, from
// https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#client-credentials-grant-flow:
// POST https://id.twitch.tv/oauth2/token with client_id, client_secret and
// grant_type=client_credentials (the page's curl sends them as a form body; the parameters are
// also read from the query string). The answer: {access_token, expires_in (about two months, e.g.
// 5011271), token_type: "bearer"}. Twitch's errors carry no RFC 6749 `error` code, only
// {status, message}: a wrong secret 403 "invalid client secret", an unknown client 400 "invalid
// client", no client id 400 "missing client id" (so a Basic header alone is refused: Twitch reads
// no Authorization header here), a missing grant type 400 (that message's wording is ours).
import { formParams, json } from './support.mjs';

const customer = {
  clientId: 'hof5gwx0su6owfnys0yan9c87zr6t1',
  clientSecret: '41vpdji4e9gif29md0ouet6fktd2mq',
};
const ACCESS_TOKEN = 'jostpf5q0uzmxmkba9iyug38kjtgh4';
const twitchError = (status, message) => json(status, { status, message });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth2/token') return twitchError(404, 'Not Found');
  const params = (await formParams(request)) ?? new URLSearchParams();
  const clientId = params.get('client_id');
  if (!clientId) return twitchError(400, 'missing client id');
  if (clientId !== customer.clientId) return twitchError(400, 'invalid client');
  if (params.get('client_secret') !== customer.clientSecret) return twitchError(403, 'invalid client secret');
  if (!params.get('grant_type')) return twitchError(400, 'missing grant_type');
  if (params.get('grant_type') !== 'client_credentials') return twitchError(400, 'unsupported grant type');
  return json(200, { access_token: ACCESS_TOKEN, expires_in: 5011271, token_type: 'bearer' });
}

const form = (body, headers = {}) =>
  new Request('https://id.twitch.tv/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

export default {
  id: 'twitch',
  docs: ['https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#client-credentials-grant-flow'],
  matches: (url) => url.hostname === 'id.twitch.tv',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 5011271 },
  documentedRequest: () =>
    form({ client_id: customer.clientId, client_secret: customer.clientSecret, grant_type: 'client_credentials' }),
  refusals: [
    {
      name: 'the credentials in a Basic header (Twitch reads them from the body)',
      request: () =>
        form(
          { grant_type: 'client_credentials' },
          { authorization: `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}` },
        ),
      status: 400,
    },
    {
      name: 'no grant_type',
      request: () => form({ client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 400,
    },
  ],
};
