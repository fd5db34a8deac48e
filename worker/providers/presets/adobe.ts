import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Adobe Developer Console, OAuth Server-to-Server credential: Adobe IMS takes the client id and
 * secret as parameters (body or query, never Basic) and requires `scope`, a comma-separated list
 * of the scopes the Console shows on the credential. Tokens live 24 hours; no refresh token.
 */
export const adobe: ProviderPreset = {
  id: 'adobe',
  name: 'Adobe',
  tokenUrl: 'https://ims-na1.adobelogin.com/ims/token/v3',
  docs: 'https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/implementation',
  instructions: [
    'In the Adobe Developer Console, open your project (or Create new project), choose Add API, pick the API and select OAuth Server-to-Server.',
    'Select the product profiles the credential may use and choose Save configured API.',
    'Under Credentials, open OAuth Server-to-Server and copy the Client ID, the Client Secret (Retrieve client secret) and the Scopes.',
  ].join('\n'),
  authMethod: 'client_secret_post',
  params: { scopeSeparator: ',' },
};
