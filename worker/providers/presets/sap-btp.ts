import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * SAP BTP Authorization and Trust Management service (XSUAA), client credentials of a service
 * key: the token endpoint is the key's `url` (the subaccount's subdomain and region) plus
 * `/oauth/token`. The credentials go in the form body: XSUAA client ids hold `!` and `|` and
 * secrets `$` and `=` (or `+`), which a Basic header would form-encode, and XSUAA reads Basic
 * literally unless `X-CF-ENCODED-CREDENTIALS: true` is sent (SAP's advice: use the body).
 * Tokens usually live 12 hours. Keys of credential type x509 (mTLS) cannot be expressed.
 */
export const sapBtp: ProviderPreset = {
  id: 'sap-btp',
  name: 'SAP BTP (XSUAA)',
  tokenUrl: 'https://{subdomain}.authentication.{region}.hana.ondemand.com/oauth/token',
  docs: 'https://help.sap.com/viewer/65de2977205c403bbc107264b8eccf4b/Cloud/en-US/fd5865e124ab411790cacc0e72df2852.html',
  instructions: [
    'In the SAP BTP cockpit, open your subaccount → Instances and Subscriptions, select the service instance and choose Create (service key).',
    'Open the service key and copy clientid as the Client ID and clientsecret as the Client Secret.',
    'Its url reads https://<subdomain>.authentication.<region>.hana.ondemand.com: type the subdomain and pick the region.',
  ].join('\n'),
  fields: [
    {
      name: 'subdomain',
      label: 'Subaccount subdomain',
      hint: "The first part of the service key's url (also on the subaccount's Overview page).",
      placeholder: 'acme-prod-3f9a2c1b',
      pattern: '[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?',
    },
    {
      name: 'region',
      label: 'Region',
      hint: "The part after authentication. in the service key's url.",
      options: [
        { value: 'eu10', label: 'Europe (Frankfurt) – eu10' },
        { value: 'eu11', label: 'Europe (Frankfurt, EU Access) – eu11' },
        { value: 'eu20', label: 'Europe (Netherlands) – eu20' },
        { value: 'eu30', label: 'Europe (Frankfurt, GCP) – eu30' },
        { value: 'ch20', label: 'Switzerland (Zurich) – ch20' },
        { value: 'us10', label: 'US East (VA) – us10' },
        { value: 'us11', label: 'US West (OR) – us11' },
        { value: 'us20', label: 'US West (WA) – us20' },
        { value: 'us21', label: 'US East (VA, Azure) – us21' },
        { value: 'us30', label: 'US Central (IA) – us30' },
        { value: 'ca10', label: 'Canada (Montreal) – ca10' },
        { value: 'br10', label: 'Brazil (São Paulo) – br10' },
        { value: 'jp10', label: 'Japan (Tokyo) – jp10' },
        { value: 'jp20', label: 'Japan (Tokyo, Azure) – jp20' },
        { value: 'ap10', label: 'Australia (Sydney) – ap10' },
        { value: 'ap11', label: 'Singapore – ap11' },
        { value: 'ap12', label: 'South Korea (Seoul) – ap12' },
        { value: 'ap20', label: 'Australia (Sydney, Azure) – ap20' },
        { value: 'ap21', label: 'Singapore (Azure) – ap21' },
        { value: 'in30', label: 'India (Mumbai) – in30' },
      ],
    },
  ],
  authMethod: 'client_secret_post',
};
