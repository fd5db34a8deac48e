import * as oauth from 'oauth4webapi';
import type { ClientAuthMethod } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { Failure } from '../common/failure.js';
import { outboundFetch } from '../outbound/outbound-fetch.js';
import { allowedUrl } from '../outbound/url-policy.js';
import { clientAuthentication, methodsToTry, sensitiveValues } from './client-auth.js';
import { mapExchangeError } from './error-mapping.js';
import type { Exchanged, ExchangeOptions, ExchangeRequest } from './exchange-types.js';
import type { TemplateValues } from './templates.js';
import { grantParameters, needsOwnRequest, ownTokenRequest, profileHeaders } from './token-request.js';
import { readTokenAnswer } from './token-response.js';

/** A connection's stored values (the fields typed, the host's), for the templates of each request. */
const templateValues = (request: ExchangeRequest): TemplateValues =>
  Object.fromEntries(Object.entries(request.profile?.values ?? {}).map(([name, value]) => [name, { value }]));

async function exchangeOnce(
  request: ExchangeRequest,
  method: ClientAuthMethod,
  options: ExchangeOptions,
): Promise<Exchanged> {
  // Vetted here, against the policy in force now, and again by the fetch itself.
  const { plainHttp } = allowedUrl(request.tokenUrl, options.policy);
  // Outside the try: a key that cannot sign is the caller's to handle, not a provider failure.
  const authentication = await clientAuthentication(method, request, options);
  const secrets = sensitiveValues(request.credential);
  const values = templateValues(request);
  const send = outboundFetch({ policy: options.policy, what: 'the token URL' });
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const parameters = grantParameters(request, values);
    const headers = profileHeaders(request, values);
    // RFC 6749's POST form (any grant_type) through oauth4webapi; a provider's own shape (GET,
    // JSON, no grant_type) through ownTokenRequest, with the same client authentication.
    const response = needsOwnRequest(request)
      ? await ownTokenRequest(request, authentication, parameters, headers, send, signal)
      : await oauth.genericTokenEndpointRequest(
          { issuer: request.issuer ?? new URL(request.tokenUrl).origin, token_endpoint: request.tokenUrl },
          { client_id: request.clientId },
          authentication,
          request.profile?.tokenRequest?.grantType ?? 'client_credentials',
          parameters,
          { signal, headers, [oauth.customFetch]: send, [oauth.allowInsecureRequests]: plainHttp },
        );
    const token = await readTokenAnswer(response, {
      requestedScopes: request.scopes,
      scopeSeparator: request.params.scopeSeparator ?? ' ',
      secrets,
      shape: request.profile?.tokenResponse,
      profiled: request.profile !== undefined,
      now: nowSeconds(),
    });
    return { authMethodUsed: method, token };
  } catch (error) {
    throw mapExchangeError(error, { timeoutMs: options.timeoutMs, secrets });
  }
}

/**
 * The client credentials grant (RFC 6749 §4.4), with the session's client authentication; for
 * `auto`, the next method is tried only when the answer to one is invalid_client. Throws a
 * Failure whose status blames the right side.
 */
export async function exchangeClientCredentials(
  request: ExchangeRequest,
  options: ExchangeOptions,
): Promise<Exchanged> {
  const [first, ...rest] = methodsToTry(request.authMethod, request.credential, request.advertisedMethods);
  try {
    return await exchangeOnce(request, first!, options);
  } catch (error) {
    if (!(error instanceof Failure) || error.code !== 'invalid_client' || rest.length === 0) throw error;
    return exchangeOnce(request, rest[0]!, options);
  }
}
