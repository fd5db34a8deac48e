import * as oauth from 'oauth4webapi';
import type { ExchangeRequest } from './exchange-types.js';
import { fillText, type TemplateValues } from './templates.js';

/**
 * The token request's parameters (RFC 6749 §4.4.2) before client authentication: the scopes
 * (RFC 6749 §3.3, space-delimited, or the comma some providers insist on), `audience`, RFC 8707's
 * `resource`, and the parameters the session or preset set (an account id, a subject type …).
 * Values set by a profile are templates, filled from the connection's values.
 */
export function grantParameters({ scopes, params }: ExchangeRequest, values: TemplateValues): URLSearchParams {
  const parameters = new URLSearchParams();
  if (scopes.length > 0) parameters.set('scope', scopes.join(params.scopeSeparator ?? ' '));
  if (params.audience) parameters.set('audience', fillText(params.audience, values));
  if (params.resource) parameters.set('resource', fillText(params.resource, values));
  for (const [name, value] of Object.entries(params.extra ?? {})) parameters.set(name, fillText(value, values));
  return parameters;
}

/**
 * The headers a profile adds (a service name, a correlation id), filled per request: `{uuid}` is
 * a fresh random UUID each time, `{client_id}` the client's id.
 */
export function profileHeaders(request: ExchangeRequest, values: TemplateValues): Headers {
  const headers = new Headers();
  const perRequest = { ...values, uuid: { value: crypto.randomUUID() }, client_id: { value: request.clientId } };
  for (const [name, template] of Object.entries(request.profile?.tokenRequest?.headers ?? {})) {
    headers.set(name, fillText(template, perRequest));
  }
  return headers;
}

/** Whether the request differs from RFC 6749's POST form in a way oauth4webapi's request cannot say. */
export const needsOwnRequest = ({ profile }: ExchangeRequest) => {
  const shape = profile?.tokenRequest;
  return shape?.method === 'GET' || shape?.body === 'json' || shape?.grantType === null;
};

/**
 * A token request in a provider's own shape (protocol/provider-profile.ts): GET with every
 * parameter in the query string, or a JSON or form body, with or without a grant_type. Client
 * authentication is oauth4webapi's (or ours), applied to the same parameters and headers.
 */
export async function ownTokenRequest(
  request: ExchangeRequest,
  auth: oauth.ClientAuth,
  parameters: URLSearchParams,
  headers: Headers,
  send: typeof fetch,
  signal: AbortSignal,
): Promise<Response> {
  const shape = request.profile?.tokenRequest;
  const grantType = shape?.grantType === undefined ? 'client_credentials' : shape.grantType;
  if (grantType !== null) parameters.set('grant_type', grantType);
  const as = { issuer: request.issuer ?? new URL(request.tokenUrl).origin, token_endpoint: request.tokenUrl };
  await auth(as, { client_id: request.clientId }, parameters, headers);
  headers.set('accept', 'application/json');
  if (shape?.method === 'GET') {
    const url = new URL(request.tokenUrl);
    for (const [name, value] of parameters) url.searchParams.set(name, value);
    return send(url.href, { method: 'GET', headers, signal });
  }
  const json = shape?.body === 'json';
  headers.set('content-type', json ? 'application/json' : 'application/x-www-form-urlencoded;charset=UTF-8');
  return send(request.tokenUrl, {
    method: 'POST',
    headers,
    body: json ? JSON.stringify(Object.fromEntries(parameters)) : parameters,
    signal,
  });
}
