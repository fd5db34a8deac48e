import type { EndpointTarget } from '../connect/connect-form.js';
import { ApiError } from '../http/api-error.js';
import { checkTokenUrl, type TokenUrlPolicy } from '../outbound/token-url-policy.js';
import { discover } from './discover.js';

export interface TokenEndpoint {
  tokenUrl: string;
  issuer?: string;
  advertisedMethods?: string[];
  plainHttp: boolean;
}

/**
 * The token endpoint a connect attempt calls: an issuer's, found in its metadata, or the URL
 * itself. What the person typed is tried as an issuer and, when it has no metadata, used as a
 * token URL ("a person who pastes either succeeds"). A preset issuer must have metadata.
 */
export async function tokenEndpointFor(
  target: EndpointTarget,
  policy: TokenUrlPolicy,
  timeoutMs: number,
): Promise<TokenEndpoint> {
  if (target.discover !== 'no') {
    const found = await discover(target.url, policy, timeoutMs);
    if (found.ok) {
      const { tokenEndpoint, issuer, authMethods, plainHttp } = found.metadata;
      return { tokenUrl: tokenEndpoint, issuer, plainHttp, ...(authMethods ? { advertisedMethods: authMethods } : {}) };
    }
    if (target.discover === 'yes') throw new ApiError(found.status, 'discovery_failed', found.reason);
  }
  const verdict = checkTokenUrl(target.url, policy);
  if (!verdict.ok) throw new ApiError(400, 'token_url_not_allowed', verdict.reason);
  return { tokenUrl: verdict.url.href, plainHttp: verdict.plainHttp };
}
