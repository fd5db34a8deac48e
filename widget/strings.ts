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
  // Beside a pasted private key: its X.509 certificate, for providers that match it by thumbprint.
  certificate: 'Certificate (PEM)',
  token_url: 'Issuer or token URL',
  scope: 'Scopes',
  // Discovery (RFC 8414) found the issuer the person entered: `{issuer}` is its identifier.
  found: 'Found the token endpoint of {issuer}.',
  audience: 'Audience',
  resource: 'Resource',
  // The disclosure holding the optional fields, and the word beside each optional field.
  advanced: 'Advanced',
  optional: 'Optional',
  // The secret's reveal button: its name, and its tooltip while the secret shows.
  show: 'Show',
  hide: 'Hide',
  // private_key_jwt with a key the Worker holds: the public key set's URL, to register.
  jwks: 'Register this JWKS URL in the provider\u2019s console.',
  copy: 'Copy',
  copied: 'Copied',
  // A key the Worker holds that has a certificate: the link that downloads it, under the JWKS URL.
  download: 'Download the certificate, for consoles that ask for one instead (Microsoft Entra ID)',
  connect: 'Connect',
  connectInline: 'Connect without a pop-up',
  pending: 'Connecting\u2026',
  connected: 'Connected.',
  // Connected: back to the form, for another client.
  reset: 'Use different credentials',
  // Reconnect in place: `{host}` is the stored token URL's host.
  update: 'Update the credentials for {host}.',
  // A preset's documentation link: `{provider}` is its name.
  docs: '{provider} documentation',
  // The empty first choice of a provider field with a closed list of values.
  choose: 'Choose\u2026',
  required: 'Required.',
  // A provider field's value does not have the form the provider's values have.
  pattern: 'Check the format.',
  httpsUrl: 'Enter an https URL.',
  errors: {
    popup_blocked: 'The pop-up was blocked.',
    cancelled: 'The window was closed before connecting.',
    timeout: 'Timed out. Try again.',
    network_error: 'Could not reach the service.',
    session_invalid: 'This connect session is not valid. Reload the page and try again.',
  } as Partial<Record<ErrorCode, string>>,
};

export type Strings = typeof defaultStrings;
