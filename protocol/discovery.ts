/**
 * `POST /v1/discover`'s answer: what an issuer's metadata (RFC 8414 §2) says about its token
 * endpoint. Every URL in it passed the Worker's URL policy.
 */
export interface DiscoveryAnswer {
  issuer: string;
  token_endpoint: string;
  token_endpoint_auth_methods_supported?: string[];
  scopes_supported?: string[];
}
