// Box's token endpoint for a Client Credentials Grant (Server Authentication) app, from
// https://developer.box.com/guides/authentication/client-credentials/ ("How to use"): POST
// https://api.box.com/oauth2/token, a form whose body contains client_id, client_secret,
// grant_type=client_credentials, box_subject_type (`enterprise` for the Service Account, `user` for
// a managed user) and box_subject_id (the enterprise or user ID). The answer
// (https://developer.box.com/reference/post-oauth2-token/): {access_token, expires_in (about an
// hour), restricted_to: [], token_type: "bearer"}. Errors are 400 with OAuth codes: a wrong client
// id or secret invalid_client ("The client credentials are invalid"); a box_subject_id the app's
// Application Access cannot use invalid_grant ("Grant credentials are invalid", the guide's
// "Common Errors"); no box_subject_type unauthorized_client ("The \"box_subject_type\" value is
// unauthorized for this client_id").
import { formParams, json } from './support.mjs';

const customer = {
  clientId: 'r8k2m5x9q4t7w1z3b6n0c8v2l5j9h4g1',
  clientSecret: 'Zq7LmX2sT9vK4pN8wR1yB6cH3dF5gJ0a',
  fields: { subject_type: 'enterprise', subject_id: '918273645' },
};
const ACCESS_TOKEN = 'T9cE5asGnuyYCCqIZFoWjFHvNbvVqHjl';
const oauthError = (error, description) => json(400, { error, error_description: description });

async function handle(request) {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/oauth2/token') return json(404, { error: 'not_found' });
  const params = await formParams(request);
  if (!params || !params.get('grant_type'))
    return oauthError('invalid_request', 'Invalid grant_type parameter or parameter missing');
  if (params.get('client_id') !== customer.clientId || params.get('client_secret') !== customer.clientSecret) {
    return oauthError('invalid_client', 'The client credentials are invalid');
  }
  if (params.get('grant_type') !== 'client_credentials') {
    return oauthError('invalid_request', 'Invalid grant_type parameter or parameter missing');
  }
  const subjectType = params.get('box_subject_type');
  if (subjectType !== 'enterprise' && subjectType !== 'user') {
    return oauthError('unauthorized_client', 'The "box_subject_type" value is unauthorized for this client_id');
  }
  if (subjectType !== customer.fields.subject_type || params.get('box_subject_id') !== customer.fields.subject_id) {
    return oauthError('invalid_grant', 'Grant credentials are invalid');
  }
  return json(200, { access_token: ACCESS_TOKEN, expires_in: 4169, restricted_to: [], token_type: 'bearer' });
}

const form = (body, headers = {}) =>
  new Request('https://api.box.com/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const subject = { box_subject_type: customer.fields.subject_type, box_subject_id: customer.fields.subject_id };
const credentials = { client_id: customer.clientId, client_secret: customer.clientSecret };

export default {
  id: 'box',
  docs: [
    'https://developer.box.com/guides/authentication/client-credentials/',
    'https://developer.box.com/reference/post-oauth2-token/',
  ],
  matches: (url) => url.hostname === 'api.box.com' && url.pathname === '/oauth2/token',
  handle,
  customer,
  issued: { accessToken: ACCESS_TOKEN, expiresInSeconds: 4169 },
  documentedRequest: () => form({ ...credentials, grant_type: 'client_credentials', ...subject }),
  refusals: [
    {
      name: 'the credentials in a Basic header instead of the body',
      request: () =>
        form(
          { grant_type: 'client_credentials', ...subject },
          { authorization: `Basic ${btoa(`${customer.clientId}:${customer.clientSecret}`)}` },
        ),
      status: 400,
    },
    {
      name: 'no box_subject_type and box_subject_id',
      request: () => form({ ...credentials, grant_type: 'client_credentials' }),
      status: 400,
    },
    {
      name: 'another enterprise’s ID',
      request: () => form({ ...credentials, grant_type: 'client_credentials', ...subject, box_subject_id: '1234567' }),
      status: 400,
    },
  ],
};
