import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Dynatrace OAuth client (Account Management and platform APIs): the client id and secret go in
 * the form body, with the required space-separated `scope` (set by the host) and
 * `resource=urn:dtaccount:{account UUID}`. Client ids and secrets hold dots (`dt0s02.ABCD…`).
 * Tokens live five minutes, so a connection re-exchanges often.
 */
export const dynatrace: ProviderPreset = {
  id: 'dynatrace',
  name: 'Dynatrace',
  tokenUrl: 'https://sso.dynatrace.com/sso/oauth2/token',
  docs: 'https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/oauth-clients',
  instructions: [
    'In Dynatrace Account Management, go to Identity & access management → OAuth clients and choose Create client.',
    "Enter the service user's email, select the permissions the integration needs, and choose Create client.",
    'Copy the Client ID and Client secret (shown once), and the account UUID from the Account Management URL (account-uuid=…).',
  ].join('\n'),
  fields: [
    {
      name: 'account_uuid',
      label: 'Account UUID',
      hint: 'In the Account Management URL: https://myaccount.dynatrace.com/…?account-uuid=<this>.',
      placeholder: '3fa1b2c4-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      pattern: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
    },
  ],
  authMethod: 'client_secret_post',
  params: { resource: 'urn:dtaccount:{account_uuid}' },
};
