import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Marketo Engage REST identity service: a GET to the instance's own host
 * (`{munchkin_id}.mktorest.com`) with `grant_type`, `client_id` and `client_secret` in the query
 * string, as Marketo's reference lists them. `expires_in` is the remaining life of the one token
 * the custom service holds: asking again before it expires returns the same token, shorter-lived.
 */
export const marketo: ProviderPreset = {
  id: 'marketo',
  name: 'Marketo Engage',
  tokenUrl: 'https://{munchkin_id}.mktorest.com/identity/oauth/token',
  docs: 'https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication',
  instructions: [
    'In Marketo Engage, go to Admin → Users & Roles and invite an API Only user with a role that has the API permissions you need.',
    'Go to Admin → Integration → LaunchPoint, choose New → New Service, select Custom and the API Only user, then choose View Details to copy the Client ID and Client Secret.',
    'Go to Admin → Integration → Web Services: the REST API Identity URL holds your Munchkin ID (https://123-ABC-456.mktorest.com/identity).',
  ].join('\n'),
  fields: [
    {
      name: 'munchkin_id',
      label: 'Munchkin ID',
      hint: 'Admin → Integration → Munchkin, or the first part of the Identity URL under Web Services.',
      placeholder: '123-ABC-456',
      pattern: '[0-9]{3}-[A-Za-z]{3}-[0-9]{3}',
    },
  ],
  authMethod: 'client_secret_post',
  tokenRequest: { method: 'GET' },
};
