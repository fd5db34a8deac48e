import type { ErrorCode } from '../protocol/index.js';

/**
 * Every string the element shows, in one object so a host can translate or reword any of them
 * through the `strings` property. Outcome messages come from the Worker, except for outcomes
 * only the browser sees; `errors` replaces the message for any code.
 */
export const defaultStrings = {
  // Field labels, keyed by the field's name in the connect request.
  client_id: 'Client ID',
  client_secret: 'Client Secret',
  private_key: 'Private key (PEM)',
  key_id: 'Key ID (kid)',
  token_url: 'Issuer or token URL',
  scope: 'Scopes',
  // Discovery (RFC 8414) found the issuer the person entered: `{issuer}` is its identifier.
  found: 'Found the token endpoint of {issuer}.',
  audience: 'Audience',
  resource: 'Resource',
  show: 'Show',
  hide: 'Hide',
  // private_key_jwt with a key the Worker holds: the public key set's URL, to register.
  jwks: 'Register this JWKS URL in the provider\u2019s console.',
  copy: 'Copy',
  copied: 'Copied',
  connect: 'Connect',
  connectInline: 'Connect without a pop-up',
  pending: 'Connecting\u2026',
  connected: 'Connected.',
  // Reconnect in place: `{host}` is the stored token URL's host.
  update: 'Update the credentials for {host}.',
  required: 'Required.',
  httpsUrl: 'Enter an https URL.',
  errors: {
    popup_blocked: 'The pop-up was blocked.',
    cancelled: 'The window was closed before connecting.',
    timeout: 'Timed out. Try again.',
    network_error: 'Could not reach the service.',
  } as Partial<Record<ErrorCode, string>>,
};

export type Strings = typeof defaultStrings;
export type FieldName =
  'client_id' | 'client_secret' | 'private_key' | 'key_id' | 'token_url' | 'scope' | 'audience' | 'resource';
