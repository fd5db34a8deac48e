import type { DiscoveryAnswer } from '../protocol/index.js';
import { postForm } from './post-form.js';

/**
 * Asks the Worker what the issuer at `issuer` publishes (RFC 8414 §3, OpenID Connect Discovery):
 * `POST /v1/discover`; the secret is never part of it. Undefined on any failure, which is not
 * an error: the value may just be a token URL, and the Worker decides that at connect.
 */
export const discover = async (
  endpoint: string,
  sessionToken: string,
  issuer: string,
): Promise<DiscoveryAnswer | undefined> => {
  const answer = (await postForm(`${endpoint}/v1/discover`, { session_token: sessionToken, issuer })) as
    Partial<DiscoveryAnswer> | undefined;
  // An error answer is JSON too ({error, error_description}); only metadata names an issuer.
  return answer?.issuer ? (answer as DiscoveryAnswer) : undefined;
};
