/** What an issuer's metadata (RFC 8414 §2) tells about getting a token. Every URL passed the URL policy. */
export interface IssuerMetadata {
  issuer: string;
  tokenEndpoint: string;
  /** token_endpoint_auth_methods_supported */
  authMethods?: string[];
  /** scopes_supported */
  scopes?: string[];
}
