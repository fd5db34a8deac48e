import { Failure } from '../common/failure.js';
import { allowedUrl, type TokenUrlPolicy } from '../outbound/url-policy.js';
import { discover } from './discover.js';

/**
 * Where the token endpoint is: a token URL as it is, or an issuer whose metadata names it. The
 * field takes either ("Issuer or token URL"): what the person typed is looked up as an issuer
 * first (`try`), and used as a token URL if it is none. A preset token URL is the host's word
 * (`no` lookup); a preset issuer must be one (`yes`).
 */
export interface EndpointTarget {
  url: string;
  discover: 'yes' | 'try' | 'no';
}

export interface TokenEndpoint {
  tokenUrl: string;
  issuer?: string;
  advertisedMethods?: string[];
}

/**
 * The token endpoint a connect attempt calls: an issuer's, found in its metadata, or the URL
 * itself. What the person typed is tried as an issuer and, when it has no metadata, used as a
 * token URL ("a person who pastes either succeeds"); metadata that names a token endpoint the
 * policy refuses is that refusal. A preset issuer must have metadata.
 */
export async function tokenEndpointFor(
  target: EndpointTarget,
  policy: TokenUrlPolicy,
  timeoutMs: number,
): Promise<TokenEndpoint> {
  if (target.discover !== 'no') {
    try {
      const { tokenEndpoint, issuer, authMethods } = await discover(target.url, policy, timeoutMs);
      return { tokenUrl: tokenEndpoint, issuer, ...(authMethods ? { advertisedMethods: authMethods } : {}) };
    } catch (error) {
      const noMetadata = error instanceof Failure && error.code === 'discovery_failed';
      if (target.discover === 'yes' || !noMetadata) throw error;
    }
  }
  return { tokenUrl: allowedUrl(target.url, policy).url.href };
}
