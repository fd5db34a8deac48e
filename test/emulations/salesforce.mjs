// Salesforce's token endpoint for the OAuth 2.0 client credentials flow, from
// https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm
// ("Request an Access Token"): POST https://MyDomainName.my.salesforce.com/services/oauth2/token,
// a form body with grant_type=client_credentials and the consumer key and secret as client_id and
// client_secret (or in a Basic Authorization header instead). Only the org's My Domain serves this
// flow: login.salesforce.com and test.salesforce.com answer 400 {"error": "unsupported_grant_type",
// "error_description": "request not supported on this domain"}. The answer (also shown, with
// client_credentials, at
// https://help.salesforce.com/apex/HTViewHelpDoc?id=service.conversation_transcript_api_sample1.htm):
// {access_token, signature, scope, instance_url, id, token_type: "Bearer", issued_at (epoch ms as
// a string)} — no expires_in. Errors are 400 with OAuth codes of Salesforce's own: invalid_client_id
// ("client identifier invalid"), invalid_client ("invalid client credentials"), invalid_grant
// ("no client credentials user enabled" when no Run As user is set), unsupported_grant_type.
import { basicCredentials, formParams, json } from './support.mjs';

const customer = {
  clientId: '3MVG9rZjd7MXFdLhXyzK2pQ8wT.vN4bE_c5sGu1aYh6oLk3RmD0iFxJtWqPnS7eB9uC2zA4gH8dKyVb1lM6oT',
  clientSecret: '8E1C4F0A9D27B53E6F1A8C4D2B09E7F35A6C1D8E4B2F09A7C3E5D1B8F6A402C9',
  fields: { my_domain: 'acme-corp', org_type: 'my.salesforce.com' },
};
const HOST = `${customer.fields.my_domain}.${customer.fields.org_type}`;
const ACCESS_TOKEN = '00D5g000008XyZ2!AQ4AQFk2rJ8mE1o_Vt3nYp6sB9cL0aHdUiW5qG7xKzN4eTfR2yMbC8vD1hSjO3gPwIlA6uXnQ9';
const GENERIC_HOSTS = ['login.salesforce.com', 'test.salesforce.com'];

const oauthError = (error, description) => json(400, { error, error_description: description });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/services/oauth2/token') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params || !params.get('grant_type')) return oauthError('unsupported_grant_type', 'grant type not supported');
  if (params.get('grant_type') !== 'client_credentials') {
    return oauthError('unsupported_grant_type', 'grant type not supported');
  }
  if (GENERIC_HOSTS.includes(url.hostname)) {
    return oauthError('unsupported_grant_type', 'request not supported on this domain');
  }
  if (url.hostname !== HOST) return json(404, { error: 'not_found' });
  const basic = params.has('client_id') ? null : basicCredentials(request);
  const clientId = basic ? basic.id : params.get('client_id');
  const secret = basic ? basic.secret : params.get('client_secret');
  if (clientId !== customer.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
  if (secret !== customer.clientSecret) return oauthError('invalid_client', 'invalid client credentials');
  return json(200, {
    access_token: ACCESS_TOKEN,
    signature: 'k8Lz0bQ3pXv7sN2mR5tY9wE1aC4dF6gH8jK0lM2nP4q=',
    scope: 'api id',
    instance_url: `https://${HOST}`,
    id: 'https://login.salesforce.com/id/00D5g000008XyZ2EAK/0055g00000KpQ3bAAF',
    token_type: 'Bearer',
    issued_at: '1764933600000',
  });
}

const form = (host, body, headers = {}) =>
  new Request(`https://${host}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const grant = { grant_type: 'client_credentials', client_id: customer.clientId, client_secret: customer.clientSecret };

export default {
  id: 'salesforce',
  docs: [
    'https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_client_credentials_flow.htm',
    'https://help.salesforce.com/apex/HTViewHelpDoc?id=service.conversation_transcript_api_sample1.htm',
  ],
  matches: (url) => url.hostname.endsWith('.my.salesforce.com') || GENERIC_HOSTS.includes(url.hostname),
  handle,
  customer,
  // No expires_in: the preset's default lifetime (the shortest session timeout Salesforce offers).
  issued: {
    accessToken: ACCESS_TOKEN,
    expiresInSeconds: 900,
    values: { instance_url: `https://${HOST}` },
  },
  documentedRequest: () => form(HOST, grant),
  refusals: [
    {
      name: 'the generic login.salesforce.com host instead of the org’s My Domain',
      request: () => form('login.salesforce.com', grant),
      status: 400,
    },
    {
      name: 'the consumer key without its secret',
      request: () => form(HOST, { grant_type: 'client_credentials', client_id: customer.clientId }),
      status: 400,
    },
    {
      name: 'a JSON body instead of a form',
      request: () =>
        new Request(`https://${HOST}/services/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(grant),
        }),
      status: 400,
    },
  ],
};
