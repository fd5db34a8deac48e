// CrowdStrike Falcon OAuth2 API, from CrowdStrike's public reference of its OAuth2 service collection
// (https://github.com/CrowdStrike/falconpy/blob/main/docs/service-collections/oauth2.md; the API
// documentation proper is inside the Falcon console): POST https://{cloud API host}/oauth2/token
// (api.crowdstrike.com, api.us-2.crowdstrike.com, api.eu-1.crowdstrike.com,
// api.laggar.gcw.crowdstrike.com, api.us-gov-2.crowdstrike.mil), consumes
// application/x-www-form-urlencoded with formData `client_id` and `client_secret` (required) and
// `member_cid` (optional) — no grant_type, no Basic. Success is 201 Created (CrowdStrike's SDKs test
// `status_code == 201`): {access_token, token_type: "bearer", expires_in: 1799}; tokens live 30
// minutes. Errors use the MSA envelope {meta: {query_time, powered_by, trace_id}, errors: [{code,
// message}]}: a request without usable credentials is 400 "Failed to generate access token for
// clientID=…", wrong credentials 403 "access denied, authorization failed".
import { json } from './support.mjs';

const customer = {
  clientId: '6a1f3c9e0b2d4e7f8a5c1b3d9e0f2a4c',
  clientSecret: 'Xk3Qd9Lm2Rv7Tb1Wz8Hn4Yc6Pf0Js5Ga2Ue7Oi9K',
  fields: { cloud: 'api.us-2.crowdstrike.com' },
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6InB1YmxpYzo2NzZkNGQ2Zi0yMmFkLTQ0NTMtYjNhYy0xNjdhMDRiNmYxMjUiLCJ0eXAiOiJKV1QifQ.crowdstrike-token';
const HOSTS = [
  'api.crowdstrike.com',
  'api.us-2.crowdstrike.com',
  'api.eu-1.crowdstrike.com',
  'api.laggar.gcw.crowdstrike.com',
  'api.us-gov-2.crowdstrike.mil',
];

const msa = (status, body) =>
  json(status, {
    meta: { query_time: 0.000184, powered_by: 'csam', trace_id: crypto.randomUUID() },
    ...body,
  });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth2/token') return json(404, { error: 'not_found' });
  const form = /^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '');
  const params = form ? new URLSearchParams(await request.text()) : new URLSearchParams();
  const id = params.get('client_id') ?? '';
  if (!id || !params.get('client_secret')) {
    return msa(400, { errors: [{ code: 400, message: `Failed to generate access token for clientID=${id}.` }] });
  }
  if (id !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return msa(403, { errors: [{ code: 403, message: 'access denied, authorization failed' }] });
  }
  return json(201, { access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 1799 });
}

const request = (body, headers = {}, contentType = 'application/x-www-form-urlencoded') =>
  new Request(`https://${customer.fields.cloud}/oauth2/token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': contentType, ...headers },
    body,
  });
const credentials = { client_id: customer.clientId, client_secret: customer.clientSecret };

export default {
  id: 'crowdstrike',
  docs: [
    'https://github.com/CrowdStrike/falconpy/blob/main/docs/service-collections/oauth2.md',
    'https://github.com/CrowdStrike/psfalcon/wiki/Request-FalconToken',
  ],
  matches: (url) => HOSTS.includes(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 1799 },
  documentedRequest: () => request(new URLSearchParams(credentials)),
  refusals: [
    {
      name: 'a JSON body where a form is required',
      request: () => request(JSON.stringify(credentials), {}, 'application/json'),
      status: 400,
    },
    {
      name: 'no client_secret',
      request: () => request(new URLSearchParams({ client_id: customer.clientId })),
      status: 400,
    },
  ],
};
