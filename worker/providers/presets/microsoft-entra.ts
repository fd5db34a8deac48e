import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Microsoft Entra ID (Microsoft identity platform v2.0): the token URL names the directory
 * (tenant) in its path, and the one scope asked for is the resource's `/.default` (Microsoft
 * Graph unless the host asks for another API's). The secret travels in the body, as the docs
 * show; Entra also reads RFC 6749 Basic. Tokens are JWTs living about an hour; no refresh token.
 *
 * Not expressed: the national clouds (login.microsoftonline.us, login.partner.microsoftonline.cn)
 * need another host and other resource URIs. Certificate credentials (an assertion matched by
 * the certificate's `x5t#S256`) are the session's `private_key_jwt` with a certificate, not this
 * preset's default.
 */
export const microsoftEntra: ProviderPreset = {
  id: 'microsoft-entra',
  name: 'Microsoft Entra ID',
  tokenUrl: 'https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token',
  docs: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
  instructions: [
    'In the Microsoft Entra admin center, go to Entra ID → App registrations → New registration, name the app and select Register.',
    'Under API permissions, choose Add a permission, add the Application permissions the integration needs, then select Grant admin consent.',
    'Under Certificates & secrets → Client secrets, select New client secret and copy its Value (not the Secret ID).',
    'On Overview, copy the Application (client) ID and the Directory (tenant) ID.',
  ].join('\n'),
  fields: [
    {
      name: 'tenant_id',
      label: 'Directory (tenant) ID',
      hint: 'On the app registration’s Overview page, under Essentials; a verified domain such as contoso.onmicrosoft.com works too.',
      placeholder: '00000000-0000-0000-0000-000000000000',
      pattern: String.raw`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+`,
    },
  ],
  authMethod: 'client_secret_post',
  scopes: ['https://graph.microsoft.com/.default'],
};
