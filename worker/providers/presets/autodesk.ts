import type { ProviderPreset } from '../../../protocol/index.js';

/**
 * Autodesk Platform Services (APS) two-legged token, OAuth v2: Basic client authentication (the
 * Base64 of "Client ID:Client Secret" as they are) and a required, space-separated `scope`
 * (`data:read`, `bucket:create`, …) that the host sets. Tokens live an hour.
 */
export const autodesk: ProviderPreset = {
  id: 'autodesk',
  name: 'Autodesk Platform Services',
  tokenUrl: 'https://developer.api.autodesk.com/authentication/v2/token',
  docs: 'https://aps.autodesk.com/en/docs/oauth/v2/tutorials/get-2-legged-token',
  instructions: [
    'Sign in to the APS developer portal (aps.autodesk.com), open My Applications and choose Create Application.',
    'Name it, choose Server-to-Server App (or Traditional Web App) and select the APIs it uses.',
    "Copy the Client ID and Client Secret from the application's page.",
  ].join('\n'),
  authMethod: 'client_secret_basic',
};
