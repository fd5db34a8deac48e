import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Box Platform apps with Server Authentication (Client Credentials Grant): the credentials go in
 * the body, beside whom the token acts as — `box_subject_type` (`enterprise` for the app's
 * Service Account, `user` for a managed user) and `box_subject_id` (the enterprise or user ID).
 * The app must first be authorized in the Box Admin Console. Tokens live about an hour; there is
 * no refresh token.
 */
export const box: ProviderPreset = {
  id: 'box',
  name: 'Box',
  tokenUrl: 'https://api.box.com/oauth2/token',
  docs: 'https://developer.box.com/guides/authentication/client-credentials/',
  instructions: [
    'In the Box Developer Console, choose Create Platform App → Custom App → Server Authentication (with Client Credentials Grant), and set its Application Scopes.',
    'On the Configuration tab, copy the Client ID and Client Secret (viewing the secret needs 2-step verification).',
    'On the Authorization tab, submit the app for authorization; a Box admin approves it in the Admin Console → Apps → Platform Apps Manager.',
    'The Enterprise ID is on the General Settings tab.',
  ].join('\n'),
  fields: [
    {
      name: 'subject_type',
      label: 'Connect as',
      options: [
        { value: 'enterprise', label: 'The app’s Service Account (enterprise)' },
        { value: 'user', label: 'A managed user' },
      ],
    },
    {
      name: 'subject_id',
      label: 'Enterprise ID or user ID',
      hint: 'The Enterprise ID from the app’s General Settings tab, or the managed user’s ID.',
      placeholder: '123456789',
      pattern: '[0-9]{1,20}',
    },
  ],
  authMethod: 'client_secret_post',
  params: { extra: { box_subject_type: '{subject_type}', box_subject_id: '{subject_id}' } },
};
