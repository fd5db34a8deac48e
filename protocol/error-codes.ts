/**
 * The one closed list of outcome codes the element reports and the Worker answers with.
 * RFC 6749 §5.2 codes keep their names; `invalid_target` is RFC 8707 §2; the rest are ours.
 */
export const ERROR_CODES = [
  'popup_blocked',
  'cancelled',
  'timeout',
  'invalid_client',
  'invalid_scope',
  'invalid_request',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_grant',
  'invalid_target',
  'provider_unavailable',
  'invalid_response',
  'token_url_not_allowed',
  'session_invalid',
  'session_expired',
  'origin_not_allowed',
  'rate_limited',
  'network_error',
  'server_error',
  'probe_failed',
  'discovery_failed',
  'credentials_unreadable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes the Worker answers with: the element's own browser-side outcomes never come from it. */
export type WorkerErrorCode = Exclude<ErrorCode, 'popup_blocked' | 'cancelled' | 'timeout'>;

/** Plain-language advice for each code: what happened and what the person can do about it. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  popup_blocked: 'The browser blocked the connection window. Allow pop-ups for this site, or connect without a pop-up.',
  cancelled: 'The connection window was closed before the connection finished.',
  timeout: 'The connection took too long and was stopped. Try again.',
  invalid_client:
    'The provider rejected the Client ID or Client Secret. Check both values, and whether the provider expects them in the Authorization header (Basic) or in the request body.',
  invalid_scope:
    'The provider rejected the requested scopes. Check their spelling and separator; Microsoft Entra ID needs a single scope of the form <resource>/.default.',
  invalid_request:
    'The request is missing a value or has one that is not accepted. Check the fields, the token URL and any extra parameters such as audience or resource.',
  unauthorized_client:
    'This client is not allowed to use the client credentials grant. Enable it for the application in the provider\u2019s console.',
  unsupported_grant_type: 'The provider does not support the client credentials grant at this token URL.',
  invalid_grant:
    'The provider rejected the grant. Check that the application is active and its credentials have not expired.',
  invalid_target: 'The provider rejected the audience or resource. Check the value the provider documents for its API.',
  provider_unavailable: 'The provider did not answer properly. It may be down or slow; try again in a moment.',
  invalid_response: 'The provider answered with something that is not a valid token response. Check the token URL.',
  token_url_not_allowed:
    'This token URL is not allowed. It must be an https URL on the standard port, naming a public host.',
  session_invalid: 'This connect session is not valid. Reload the page and try again.',
  session_expired: 'This connect session has expired. Reload the page and try again.',
  origin_not_allowed: 'This page is not allowed to use this connect session.',
  rate_limited: 'Too many attempts. Reload the page and try again.',
  network_error: 'The provider could not be reached. Check the token URL, or try again later.',
  server_error: 'Something went wrong on our side. Try again in a moment.',
  discovery_failed:
    'No authorization server metadata was found at this issuer URL (RFC 8414, OpenID Connect Discovery). Check the URL, or enter the token URL itself.',
  credentials_unreadable:
    'The stored credentials or signing key can no longer be read on our side. Start again with new credentials, or ask the application\u2019s operator.',
  probe_failed:
    'The credentials work, but the API did not accept the token. Check the permissions (scopes, roles) granted to this client in the provider\u2019s console.',
};

/**
 * Codes only the host's backend sees, from the admin API and the Worker's edge. The element
 * never receives them, so they stay out of the list above (and out of its bundle).
 */
const API_ERROR_CODES = [
  'unauthorized',
  'not_found',
  'payload_too_large',
  'server_misconfigured',
  'key_in_use',
] as const;

/** Every code an answer of the Worker can carry: the element's list, then the admin API's. */
export const ALL_ERROR_CODES = [...ERROR_CODES, ...API_ERROR_CODES] as const;

export type ApiErrorCode = (typeof ALL_ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Our advice for `code`, followed by what went wrong in particular (never secret, never raw input). */
export function describeError(code: ErrorCode, detail?: string): string {
  return detail ? `${ERROR_MESSAGES[code]} (${detail})` : ERROR_MESSAGES[code];
}
