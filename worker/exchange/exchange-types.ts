import type {
  AuthMethod,
  ClientAuthMethod,
  ExtraParams,
  TokenRequestShape,
  TokenResponseShape,
} from '../../protocol/index.js';
import type { OpenedSigningKey } from '../keys/signing-keys.js';
import type { TokenUrlPolicy } from '../outbound/url-policy.js';

/**
 * What the client authenticates with: a shared secret (client_secret_basic, _post, _jwt), a
 * private key the person pasted (PKCS#8 PEM, with the kid it is registered under and the
 * certificate it is uploaded as, if any: PEM, checked to be the key's), or a key the Worker holds
 * (signing_keys.kid) for private_key_jwt.
 */
export type Credential =
  | { kind: 'secret'; secret: string }
  | { kind: 'pasted_key'; pem: string; keyId?: string; certificate?: string }
  | { kind: 'worker_key'; keyId: string };

/**
 * How a provider's token request and answer differ from RFC 6749's (protocol/provider-profile.ts),
 * with the values its templates take: what a connection keeps to exchange again the same way.
 */
export interface ExchangeProfile {
  tokenRequest?: TokenRequestShape;
  tokenResponse?: TokenResponseShape;
  /** The fields the person typed and the host's values, for templates filled per request (headers). */
  values?: Record<string, string>;
}

/** What one client-credentials exchange needs (RFC 6749 §4.4.2). */
export interface ExchangeRequest {
  tokenUrl: string;
  /** The RFC 8414 issuer whose metadata named `tokenUrl`; client assertions name it in `aud` too. */
  issuer?: string;
  clientId: string;
  credential: Credential;
  scopes: string[];
  params: ExtraParams;
  authMethod: AuthMethod;
  /** The issuer's token_endpoint_auth_methods_supported (RFC 8414 §2), which `auto` follows when known. */
  advertisedMethods?: string[];
  profile?: ExchangeProfile;
}

/** The token the provider issued (RFC 6749 §4.4.3, §5.1); `expiresIn` may be unknown. */
export interface IssuedToken {
  accessToken: string;
  tokenType: string;
  expiresIn?: number;
  /** Granted scopes: the response's `scope`, else the requested ones (RFC 6749 §5.1). */
  scopes: string[];
  /** Non-secret values the answer carried that the profile keeps (`instance_url`). */
  captured?: Record<string, string>;
  /** The profile's lifetime for a token whose answer says none (and that is no JWT with `exp`). */
  defaultLifetime?: number;
}

/** A successful exchange: the token, and the client authentication the provider accepted. */
export interface Exchanged {
  token: IssuedToken;
  authMethodUsed: ClientAuthMethod;
}

export interface ExchangeOptions {
  timeoutMs: number;
  /** The URL policy in force: the token URL is vetted against it again before the request leaves. */
  policy: TokenUrlPolicy;
  /**
   * Opens a Worker-held signing key by kid (null: withdrawn or absent), with its certificate's
   * thumbprints if it has one; needed for `worker_key` credentials.
   */
  workerKey?: (kid: string) => Promise<OpenedSigningKey | null>;
}
