import * as oauth from 'oauth4webapi';
import { nowSeconds } from '../common/clock.js';
import { cappedFetch, RedirectRefusedError, ResponseTooLargeError } from '../outbound/capped-fetch.js';
import { checkTokenUrl, type TokenUrlPolicy } from '../outbound/token-url-policy.js';
import { cacheMetadata, cacheSeconds, cachedMetadata, MISS_SECONDS } from './metadata-cache.js';

/** What an issuer's metadata (RFC 8414 §2) tells about getting a token. Every URL passed the URL policy. */
export interface IssuerMetadata {
  issuer: string;
  tokenEndpoint: string;
  /** token_endpoint_auth_methods_supported */
  authMethods?: string[];
  /** scopes_supported */
  scopes?: string[];
  /** The token endpoint is a development loopback URL: the exchange may use plain http. */
  plainHttp: boolean;
}

export type DiscoveryResult =
  { ok: true; metadata: IssuerMetadata } | { ok: false; status: 400 | 502 | 504; reason: string };

const fetchWithLimits = cappedFetch();
const stringList = (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;

type Refusal = Extract<DiscoveryResult, { ok: false }>;

const refused = (status: Refusal['status'], reason: string): Refusal => ({ ok: false, status, reason });

/** Why one well-known document could not be used, in words that help the person fix the URL. */
function whyNot(error: unknown, timeoutMs: number): Refusal {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return refused(504, `no answer within ${Math.round(timeoutMs / 1000)} s`);
  }
  if (error instanceof RedirectRefusedError) return refused(400, `the metadata URL redirects (HTTP ${error.status})`);
  if (error instanceof ResponseTooLargeError) return refused(400, error.message.replace('token endpoint', 'metadata'));
  if (error instanceof oauth.OperationProcessingError) {
    if (error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      return refused(400, 'the metadata names another issuer (RFC 8414 §3.3)');
    }
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM && error.cause instanceof Response) {
      const status = error.cause.status;
      return refused(status >= 500 ? 502 : 400, `no metadata there (HTTP ${status})`);
    }
    return refused(400, 'the metadata is not a valid authorization server metadata document');
  }
  return refused(502, 'the issuer could not be reached');
}

/**
 * Finds an issuer's token endpoint (RFC 8414; OpenID Connect Discovery 1.0) with oauth4webapi:
 * first `/.well-known/oauth-authorization-server` with RFC 8414 §3.1's path insertion, then
 * `/.well-known/openid-configuration`. The metadata must name exactly this issuer (§3.3), and
 * its token endpoint must pass the URL policy before it is ever called. Same timeout, size cap
 * and refusal of redirects as token requests; cached per issuer for its Cache-Control lifetime.
 */
export async function discover(issuerUrl: string, policy: TokenUrlPolicy, timeoutMs: number): Promise<DiscoveryResult> {
  const verdict = checkTokenUrl(issuerUrl, policy);
  if (!verdict.ok) return refused(400, `the issuer URL is not allowed: ${verdict.reason}`);
  const issuer = verdict.url;
  const cached = cachedMetadata(issuer.href, nowSeconds());
  if (cached) return 'issuer' in cached ? { ok: true, metadata: cached } : refused(400, cached.reason);

  let failure = refused(400, 'no metadata found');
  for (const algorithm of ['oauth2', 'oidc'] as const) {
    let as: oauth.AuthorizationServer;
    let lifetime: number;
    try {
      const response = await oauth.discoveryRequest(issuer, {
        algorithm,
        signal: AbortSignal.timeout(timeoutMs),
        [oauth.customFetch]: fetchWithLimits,
        [oauth.allowInsecureRequests]: verdict.plainHttp,
      });
      lifetime = cacheSeconds(response.headers.get('cache-control'));
      as = await oauth.processDiscoveryResponse(issuer, response);
    } catch (error) {
      failure = whyNot(error, timeoutMs);
      // A silent issuer will not answer the second well-known URL either.
      if (failure.status === 504) return failure;
      continue;
    }
    if (typeof as.token_endpoint !== 'string') return refused(400, 'the metadata names no token_endpoint');
    const endpoint = checkTokenUrl(as.token_endpoint, policy);
    if (!endpoint.ok) return refused(400, `the metadata's token_endpoint is not allowed: ${endpoint.reason}`);
    const metadata: IssuerMetadata = {
      issuer: as.issuer,
      tokenEndpoint: endpoint.url.href,
      ...(stringList(as.token_endpoint_auth_methods_supported)
        ? { authMethods: stringList(as.token_endpoint_auth_methods_supported) }
        : {}),
      ...(stringList(as.scopes_supported) ? { scopes: stringList(as.scopes_supported) } : {}),
      plainHttp: endpoint.plainHttp,
    };
    cacheMetadata(issuer.href, metadata, lifetime, nowSeconds());
    return { ok: true, metadata };
  }
  if (failure.status === 400) cacheMetadata(issuer.href, { reason: failure.reason }, MISS_SECONDS, nowSeconds());
  return failure;
}
