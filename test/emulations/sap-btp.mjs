// SAP BTP Authorization and Trust Management service (XSUAA), client credentials of a service key,
// from SAP's "Token Retrieval Fails With Status Code 401"
// (https://help.sap.com/viewer/65de2977205c403bbc107264b8eccf4b/Cloud/en-US/fd5865e124ab411790cacc0e72df2852.html)
// and the Cloud Foundry UAA it runs (https://github.com/cloudfoundry/uaa, ClientBasicAuthenticationFilter):
// POST https://<subdomain>.authentication.<region>.hana.ondemand.com/oauth/token, form body
// `grant_type=client_credentials`, the key's `clientid` / `clientsecret` either as `client_id` /
// `client_secret` in the body or as HTTP Basic. Basic is read literally unless the request carries
// `X-CF-ENCODED-CREDENTIALS: true`; SAP's advice for secrets holding `+` (and ids holding `!`, `|`)
// is the body. The answer: {access_token: "<JWT>", token_type: "bearer", expires_in: 43199, scope,
// jti}. UAA's errors: 401 {"error": "unauthorized", "error_description": "Bad credentials"} for a
// failed client authentication, 400 unsupported_grant_type for another grant.
import { basicCredentials, formEncodedBasic, json } from './support.mjs';

const customer = {
  clientId: 'sb-acme-orders!t48213',
  clientSecret: '6f1c2b9e-4d7a-4e3f-9c8b-2a5d7e0f1b3c$yQ3vN+8kR2/TzL5wXp1mHc7Ds9Ga0UeJ4bFiO6nKtW=',
  fields: { subdomain: 'acme-prod-3f9a2c1b', region: 'eu10' },
};
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImprdSI6Imh0dHBzOi8vYWNtZS1wcm9kLTNmOWEyYzFiLmF1dGhlbnRpY2F0aW9uLmV1MTAuaGFuYS5vbmRlbWFuZC5jb20vdG9rZW5fa2V5cyIsImtpZCI6ImRlZmF1bHQtand0LWtleS0xIiwidHlwIjoiSldUIn0.xsuaa-token';

function credentialsOf(request, params) {
  const basic = basicCredentials(request);
  if (!basic) return { id: params.get('client_id'), secret: params.get('client_secret') };
  if ((request.headers.get('x-cf-encoded-credentials') ?? '').toLowerCase() !== 'true') return basic;
  try {
    const decode = (value) => decodeURIComponent(value.replaceAll('+', ' '));
    return { id: decode(basic.id), secret: decode(basic.secret) };
  } catch {
    return null;
  }
}

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth/token') return json(404, { error: 'not_found' });
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return json(400, { error: 'invalid_request', error_description: 'Content type not supported' });
  }
  const params = new URLSearchParams(await request.text());
  const credentials = credentialsOf(request, params);
  if (credentials?.id !== customer.clientId || credentials.secret !== customer.clientSecret) {
    return json(401, { error: 'unauthorized', error_description: 'Bad credentials' });
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: `Unsupported grant type: ${params.get('grant_type')}`,
    });
  }
  return json(200, {
    access_token: ACCESS_TOKEN,
    token_type: 'bearer',
    expires_in: 43199,
    scope: 'uaa.resource acme-orders!t48213.Read',
    jti: '4c0f2b1a9e8d47c6b5a3f2e1d0c9b8a7',
  });
}

const form = (body, headers = {}) =>
  new Request(
    `https://${customer.fields.subdomain}.authentication.${customer.fields.region}.hana.ondemand.com/oauth/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body),
    },
  );

export default {
  id: 'sap-btp',
  docs: [
    'https://help.sap.com/viewer/65de2977205c403bbc107264b8eccf4b/Cloud/en-US/fd5865e124ab411790cacc0e72df2852.html',
    'https://github.com/cloudfoundry/uaa/blob/develop/server/src/main/java/org/cloudfoundry/identity/uaa/authentication/ClientBasicAuthenticationFilter.java',
  ],
  matches: (url) => /^[a-z0-9-]+\.authentication\.[a-z]{2}[0-9]{2}\.hana\.ondemand\.com$/.test(url.hostname),
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 43199 },
  documentedRequest: () =>
    form({ grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret }),
  refusals: [
    {
      name: 'Basic credentials form-encoded (RFC 6749 §2.3.1) without X-CF-ENCODED-CREDENTIALS: true',
      request: () =>
        form(
          { grant_type: 'client_credentials' },
          { authorization: formEncodedBasic(customer.clientId, customer.clientSecret) },
        ),
      status: 401,
    },
    {
      name: 'a JSON body where a form is required',
      request: () =>
        new Request(
          `https://${customer.fields.subdomain}.authentication.${customer.fields.region}.hana.ondemand.com/oauth/token`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              grant_type: 'client_credentials',
              client_id: customer.clientId,
              client_secret: customer.clientSecret,
            }),
          },
        ),
      status: 400,
    },
    {
      name: 'a grant other than client_credentials',
      request: () =>
        form({ grant_type: 'authorization_code', client_id: customer.clientId, client_secret: customer.clientSecret }),
      status: 400,
    },
  ],
};
