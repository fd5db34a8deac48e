import * as oauth from 'oauth4webapi';
import type { ClientAuthMethod } from '../../protocol/index.js';
import { cappedFetch } from '../outbound/capped-fetch.js';
import { mapExchangeError } from './error-mapping.js';
import { echoesSecret } from './provider-text.js';
import type { ExchangeOptions, ExchangeRequest, ExchangeResult } from './exchange-types.js';

const fetchWithLimits = cappedFetch();

function grantParameters({ scopes, params }: ExchangeRequest): URLSearchParams {
  const parameters = new URLSearchParams();
  // RFC 6749 §3.3: space-delimited scope list (or the comma some providers insist on).
  if (scopes.length > 0) parameters.set('scope', scopes.join(params.scopeSeparator ?? ' '));
  if (params.audience) parameters.set('audience', params.audience);
  // RFC 8707 §2: the resource indicator.
  if (params.resource) parameters.set('resource', params.resource);
  return parameters;
}

async function exchangeOnce(
  request: ExchangeRequest,
  method: ClientAuthMethod,
  options: ExchangeOptions,
): Promise<ExchangeResult> {
  const as: oauth.AuthorizationServer = { issuer: new URL(request.tokenUrl).origin, token_endpoint: request.tokenUrl };
  const client: oauth.Client = { client_id: request.clientId };
  // RFC 6749 §2.3.1: Basic with form-urlencoded id and secret (oauth4webapi encodes), or the body; never both.
  const authentication =
    method === 'client_secret_basic'
      ? oauth.ClientSecretBasic(request.clientSecret)
      : oauth.ClientSecretPost(request.clientSecret);
  try {
    const response = await oauth.clientCredentialsGrantRequest(as, client, authentication, grantParameters(request), {
      signal: AbortSignal.timeout(options.timeoutMs),
      [oauth.customFetch]: fetchWithLimits,
      [oauth.allowInsecureRequests]: options.allowInsecureRequests,
    });
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    return {
      ok: true,
      authMethodUsed: method,
      token: {
        accessToken: token.access_token,
        tokenType: token.token_type,
        expiresIn: token.expires_in,
        // RFC 6749 §5.1: scope is omitted when identical to the requested one. A granted scope is
        // provider text that reaches the page and storage: one that repeats the secret is ignored.
        scopes:
          token.scope !== undefined && !echoesSecret(token.scope, request.clientSecret)
            ? token.scope
                .split(request.params.scopeSeparator ?? ' ')
                .map((s) => s.trim())
                .filter(Boolean)
            : request.scopes,
      },
    };
  } catch (error) {
    return {
      ok: false,
      error: mapExchangeError(error, { timeoutMs: options.timeoutMs, secrets: [request.clientSecret] }),
    };
  }
}

/**
 * The client credentials grant (RFC 6749 §4.4). `auto` tries Basic, the method every server
 * must support (§2.3.1), and retries once with the body only when the answer is invalid_client.
 */
export async function exchangeClientCredentials(
  request: ExchangeRequest,
  options: ExchangeOptions,
): Promise<ExchangeResult> {
  if (request.authMethod !== 'auto') return exchangeOnce(request, request.authMethod, options);
  const basic = await exchangeOnce(request, 'client_secret_basic', options);
  if (basic.ok || basic.error.code !== 'invalid_client') return basic;
  return exchangeOnce(request, 'client_secret_post', options);
}
