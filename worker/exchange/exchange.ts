import * as oauth from 'oauth4webapi';
import type { ClientAuthMethod } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import { outboundFetch } from '../outbound/outbound-fetch.js';
import { allowedUrl } from '../outbound/url-policy.js';
import { clientAuthentication, methodsToTry, sensitiveValues } from './client-auth.js';
import { mapExchangeError } from './error-mapping.js';
import { echoesSecret } from './provider-text.js';
import type { Exchanged, ExchangeOptions, ExchangeRequest } from './exchange-types.js';

function grantParameters({ scopes, params }: ExchangeRequest): URLSearchParams {
  const parameters = new URLSearchParams();
  // RFC 6749 §3.3: space-delimited scope list (or the comma some providers insist on).
  if (scopes.length > 0) parameters.set('scope', scopes.join(params.scopeSeparator ?? ' '));
  if (params.audience) parameters.set('audience', params.audience);
  // RFC 8707 §2: the resource indicator.
  if (params.resource) parameters.set('resource', params.resource);
  // Org-defined parameters the provider needs (an account or tenant id …), set by the session only.
  for (const [name, value] of Object.entries(params.extra ?? {})) parameters.set(name, value);
  return parameters;
}

async function exchangeOnce(
  request: ExchangeRequest,
  method: ClientAuthMethod,
  options: ExchangeOptions,
): Promise<Exchanged> {
  // Vetted here, against the policy in force now, and again by the fetch itself.
  const { plainHttp } = allowedUrl(request.tokenUrl, options.policy);
  const as: oauth.AuthorizationServer = {
    issuer: request.issuer ?? new URL(request.tokenUrl).origin,
    token_endpoint: request.tokenUrl,
  };
  const client: oauth.Client = { client_id: request.clientId };
  // Outside the try: a key that cannot sign is the caller's to handle, not a provider failure.
  const authentication = await clientAuthentication(method, request, options);
  try {
    const response = await oauth.clientCredentialsGrantRequest(as, client, authentication, grantParameters(request), {
      signal: AbortSignal.timeout(options.timeoutMs),
      [oauth.customFetch]: outboundFetch({ policy: options.policy, what: 'the token URL' }),
      [oauth.allowInsecureRequests]: plainHttp,
    });
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    return {
      authMethodUsed: method,
      token: {
        accessToken: token.access_token,
        tokenType: token.token_type,
        expiresIn: token.expires_in,
        // RFC 6749 §5.1: scope is omitted when identical to the requested one. A granted scope is
        // provider text that reaches the page and storage: one that repeats the secret is ignored.
        scopes:
          token.scope !== undefined &&
          !sensitiveValues(request.credential).some((secret) => echoesSecret(token.scope!, secret))
            ? token.scope
                .split(request.params.scopeSeparator ?? ' ')
                .map((s) => s.trim())
                .filter(Boolean)
            : request.scopes,
      },
    };
  } catch (error) {
    throw mapExchangeError(error, { timeoutMs: options.timeoutMs, secrets: sensitiveValues(request.credential) });
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
