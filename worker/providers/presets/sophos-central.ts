import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Sophos Central API credential (service principal): the client id and secret go in the form
 * body with the fixed `scope=token`. The answer wraps the token in Sophos's envelope
 * (`errorCode: "success"`, `message`, `trackingId`, plus a `refresh_token`). Tokens live an hour.
 * Calling the APIs then takes a second step the profile cannot say: `GET
 * https://api.central.sophos.com/whoami/v1` to learn the tenant id and data-region host.
 */
export const sophosCentral: ProviderPreset = {
  id: 'sophos-central',
  name: 'Sophos Central',
  tokenUrl: 'https://id.sophos.com/api/v2/oauth2/token',
  docs: 'https://developer.sophos.com/getting-started-tenant',
  instructions: [
    'In Sophos Central, go to General Settings → API Credentials Management and choose Add Credential.',
    'Name the credential, choose its role (e.g. Service Principal Read-Only) and choose Add.',
    'Copy the Client ID, then choose Show Client Secret and copy the secret (it is shown once).',
  ].join('\n'),
  authMethod: 'client_secret_post',
  scopes: ['token'],
};
