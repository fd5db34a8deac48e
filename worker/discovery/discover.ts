import * as oauth from 'oauth4webapi';
import { nowSeconds } from '../common/clock.js';
import { Failure } from '../common/failure.js';
import {
  endedByDeadline,
  outboundFetch,
  RedirectRefusedError,
  ResponseTooLargeError,
} from '../outbound/outbound-fetch.js';
import { allowedUrl, type TokenUrlPolicy } from '../outbound/url-policy.js';
import type { IssuerMetadata } from './issuer-metadata.js';
import { cacheMetadata, cacheSeconds, cachedMetadata, MISS_SECONDS } from './metadata-cache.js';

const stringList = (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;

const refused = (status: 400 | 502 | 504, reason: string, cause?: unknown) =>
  new Failure(status, 'discovery_failed', reason, { cause });

/** Why one well-known document could not be used, in words that help the person fix the URL. */
function whyNot(error: unknown, timeoutMs: number): Failure {
  if (error instanceof Failure) return error;
  if (endedByDeadline(error)) {
    return refused(504, `no answer within ${Math.round(timeoutMs / 1000)} s`, error);
  }
  if (error instanceof RedirectRefusedError)
    return refused(400, `the metadata URL redirects (HTTP ${error.status})`, error);
  if (error instanceof ResponseTooLargeError)
    return refused(400, `the metadata document is larger than ${error.limit / 1024} KiB`, error);
  if (error instanceof oauth.OperationProcessingError) {
    if (error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      return refused(400, 'the metadata names another issuer (RFC 8414 §3.3)', error);
    }
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM && error.cause instanceof Response) {
      const status = error.cause.status;
      return refused(status >= 500 ? 502 : 400, `no metadata there (HTTP ${status})`, error);
    }
    return refused(400, 'the metadata is not a valid authorization server metadata document', error);
  }
  return refused(502, 'the issuer could not be reached', error);
}

/**
 * Finds an issuer's token endpoint (RFC 8414; OpenID Connect Discovery 1.0) with oauth4webapi:
 * first `/.well-known/oauth-authorization-server` with RFC 8414 §3.1's path insertion, then
 * `/.well-known/openid-configuration`. The metadata must name exactly this issuer (§3.3), and
 * its token endpoint must pass the URL policy before it is ever called. Same timeout, size cap
 * and refusal of redirects as token requests; cached per issuer for its Cache-Control lifetime.
 */
export async function discover(issuerUrl: string, policy: TokenUrlPolicy, timeoutMs: number): Promise<IssuerMetadata> {
  const { url: issuer, plainHttp } = allowedUrl(issuerUrl, policy, 'the issuer URL');
  const cached = cachedMetadata(issuer.href, nowSeconds());
  if (cached) {
    if ('issuer' in cached) return cached;
    throw refused(400, cached.reason);
  }
  let failure = refused(400, 'no metadata found');
  for (const algorithm of ['oauth2', 'oidc'] as const) {
    let as: oauth.AuthorizationServer;
    let lifetime: number;
    try {
      const response = await oauth.discoveryRequest(issuer, {
        algorithm,
        signal: AbortSignal.timeout(timeoutMs),
        [oauth.customFetch]: outboundFetch({ policy, what: 'the issuer URL' }),
        [oauth.allowInsecureRequests]: plainHttp,
      });
      lifetime = cacheSeconds(response.headers.get('cache-control'));
      as = await oauth.processDiscoveryResponse(issuer, response);
    } catch (error) {
      failure = whyNot(error, timeoutMs);
      // A silent issuer will not answer the second well-known URL, nor a refused one be allowed.
      if (failure.status === 504 || failure.code === 'token_url_not_allowed') throw failure;
      continue;
    }
    if (typeof as.token_endpoint !== 'string') throw refused(400, 'the metadata names no token_endpoint');
    // Metadata was found: a token endpoint the policy refuses is that refusal, named by its host,
    // never a reason to try the issuer's URL as a token URL.
    const endpoint = allowedUrl(
      as.token_endpoint,
      policy,
      `the metadata's token_endpoint (${hostOf(as.token_endpoint)})`,
    );
    const metadata: IssuerMetadata = {
      issuer: as.issuer,
      tokenEndpoint: endpoint.url.href,
      ...(stringList(as.token_endpoint_auth_methods_supported)
        ? { authMethods: stringList(as.token_endpoint_auth_methods_supported) }
        : {}),
      ...(stringList(as.scopes_supported) ? { scopes: stringList(as.scopes_supported) } : {}),
    };
    cacheMetadata(issuer.href, metadata, lifetime, nowSeconds());
    return metadata;
  }
  if (failure.status === 400) cacheMetadata(issuer.href, { reason: failure.detail ?? '' }, MISS_SECONDS, nowSeconds());
  throw failure;
}

/** A host to name in a refusal: only a host name, never the rest of a URL a provider chose. */
function hostOf(url: string): string {
  try {
    return new URL(url).host.slice(0, 100);
  } catch {
    return 'not a URL';
  }
}
