import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Walmart Marketplace Token API: Basic client authentication (read as it is, so a secret's `-`
 * and `_` must not be form-encoded) plus two headers every Walmart call requires,
 * `WM_SVC.NAME` and a fresh `WM_QOS.CORRELATION_ID`. Tokens live 15 minutes. US marketplace only:
 * other markets also need `WM_MARKET` (mx, ca, cl), which a later preset could add.
 */
export const walmart: ProviderPreset = {
  id: 'walmart',
  name: 'Walmart Marketplace',
  tokenUrl: 'https://{environment}/v3/token',
  docs: 'https://developer.walmart.com/us-marketplace/docs/get-an-access-token',
  instructions: [
    'Sign in to the Walmart Developer Portal with your Seller Center account and open API Keys (Production Keys or Sandbox Keys).',
    'Choose Generate API Key (or copy an existing key) for your own seller account.',
    'Copy the Client ID and Client Secret, and pick the environment the key belongs to.',
  ].join('\n'),
  fields: [
    {
      name: 'environment',
      label: 'Environment',
      options: [
        { value: 'marketplace.walmartapis.com', label: 'Production' },
        { value: 'sandbox.walmartapis.com', label: 'Sandbox' },
      ],
    },
  ],
  authMethod: 'client_secret_basic',
  tokenRequest: {
    headers: { 'WM_SVC.NAME': 'Walmart Marketplace', 'WM_QOS.CORRELATION_ID': '{uuid}' },
  },
};
