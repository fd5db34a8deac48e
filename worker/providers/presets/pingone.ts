import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * PingOne (Ping Identity's cloud platform): the token URL names the environment in its path and
 * the region in its host's top-level domain (`auth.pingone.eu`). A Worker application's default
 * Token Endpoint Authentication Method is Client Secret Basic; its token carries the roles the
 * app was granted, so no scope is needed. Tokens live an hour.
 *
 * The app's method is enforced: an app set to Client Secret Post needs the session to say
 * `client_secret_post`.
 */
export const pingone: ProviderPreset = {
  id: 'pingone',
  name: 'PingOne',
  tokenUrl: 'https://auth.pingone.{region}/{environment_id}/as/token',
  docs: 'https://developer.pingidentity.com/pingone-api/workflow-library/application-management/configure-a-non-interactive-worker-application/step-3-get-a-token.html',
  instructions: [
    'In the PingOne admin console, go to Applications → Applications, select + to add an application, choose Worker, name it and save.',
    'On the Roles tab, grant the roles the integration needs; turn the application on with its toggle.',
    'On the Overview (or Configuration) tab, copy the Client ID, the Client Secret and the Environment ID; the Token Endpoint there shows your region.',
  ].join('\n'),
  fields: [
    {
      name: 'region',
      label: 'Region',
      hint: 'The end of your Token Endpoint’s host: auth.pingone.com, .eu, .ca, .asia or .com.au.',
      options: [
        { value: 'com', label: 'North America (auth.pingone.com)' },
        { value: 'eu', label: 'Europe (auth.pingone.eu)' },
        { value: 'ca', label: 'Canada (auth.pingone.ca)' },
        { value: 'asia', label: 'Asia-Pacific (auth.pingone.asia)' },
        { value: 'com.au', label: 'Australia (auth.pingone.com.au)' },
      ],
    },
    {
      name: 'environment_id',
      label: 'Environment ID',
      hint: 'On the application’s Overview tab, or under Settings → Environment Properties.',
      placeholder: '00000000-0000-0000-0000-000000000000',
      pattern: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
    },
  ],
  authMethod: 'client_secret_basic',
};
