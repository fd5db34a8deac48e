import type { ApiErrorCode } from './error-codes.js';
import type { ConnectionStatus, EventType } from './lifecycle.js';
import type { AuthMethod, ClientAuthMethod, ExtraParams } from './client-auth.js';
import type { ProfileField, TokenRequestShape, TokenResponseShape } from './provider-profile.js';
import type { LockableField, ProbeSpec } from './session-claims.js';

// The admin API's shapes, as the host's backend sends and receives them: what the server SDK
// (oauth-cc-connect/server) is typed with. Plain types with no dependency; the Worker's zod
// schemas are proven at compile time to accept and answer exactly these (worker/http/contract.ts).
// Times are epoch seconds.

/** `POST /v1/sessions`. See README "Session fields". */
export interface CreateSessionInput {
  tenant: string;
  origin: string;
  tokenUrl?: string;
  issuer?: string;
  scopes?: string[];
  params?: ExtraParams;
  authMethod?: AuthMethod;
  keyId?: string;
  probe?: { url: string; method?: 'GET' | 'HEAD'; expectStatus?: number[] };
  locked?: LockableField[];
  ttl?: number;
  connectionId?: string;
  /** A catalog preset's id (GET /v1/providers); the members given here override the preset's. */
  provider?: string;
  fields?: ProfileField[];
  /** Values the host knows, for templates; readable in the session token, so never a secret. */
  values?: Record<string, string>;
  tokenRequest?: TokenRequestShape;
  tokenResponse?: TokenResponseShape;
  /** The completion page's language (BCP 47: de, fr, es, ja; else English). */
  locale?: string;
}

export interface CreatedSession {
  token: string;
  expiresAt: number;
}

/** `GET /v1/connections/:id/token`: RFC 6749 §5.1 names, and the values the profile captured from the answer. */
export interface AccessToken {
  access_token: string;
  token_type: string;
  expires_at: number;
  scope: string;
  /** Non-secret values the provider's answer carried (tokenResponse.capture), e.g. Salesforce's instance_url. */
  values: Record<string, string>;
}

/** A stored connection: its settings and health, never a secret or a token. */
export interface Connection {
  id: string;
  token_url: string;
  issuer: string | null;
  client_id: string;
  key_id: string | null;
  scopes: string[];
  auth_method: ClientAuthMethod;
  params: ExtraParams;
  /** Non-secret values the provider's token answer carried (tokenResponse.capture). */
  values: Record<string, string>;
  probe: ProbeSpec | null;
  status: ConnectionStatus;
  last_error: ApiErrorCode | null;
  last_error_description: string | null;
  last_checked_at: number;
  expires_at: number;
  created_at: number;
  updated_at: number;
}

export interface ConnectionList {
  connections: Connection[];
}

/** One entry of the event log (`GET /v1/events`). `delivery` is null when webhooks were off. */
export interface LifecycleEvent {
  id: string;
  type: EventType;
  created_at: number;
  connection_id: string;
  status: ConnectionStatus;
  previous_status: ConnectionStatus | null;
  error_code: ApiErrorCode | null;
  delivery: 'pending' | 'delivered' | 'failed' | null;
}

export interface EventPage {
  events: LifecycleEvent[];
  next_cursor: string | null;
}

/** The JWS algorithms (RFC 7518 §3) a Worker-held key signs client assertions with. */
export const SIGNING_ALGORITHMS = ['ES256', 'RS256', 'PS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** A public key as a JWKS publishes it (RFC 7517 §4): EC members (crv, x, y) or RSA ones (n, e). */
export interface PublicJwk {
  kty: string;
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

export interface CreateKeyInput {
  tenant: string;
  alg?: SigningAlgorithm;
  /** Also issue a self-signed X.509 certificate for the key, for providers that take one (Microsoft Entra ID). */
  certificate?: boolean;
}

/** A key's certificate thumbprints: base64url SHA-1 and SHA-256 of its DER (RFC 7515 §4.1.7, §4.1.8). */
export interface CertificateThumbprints {
  x5t: string;
  'x5t#S256': string;
}

export interface CreatedKey extends Partial<CertificateThumbprints> {
  kid: string;
  alg: SigningAlgorithm;
  public_jwk: PublicJwk;
  public_pem: string;
  jwks_uri: string;
  /** With `certificate: true`: the self-signed certificate (PEM), to upload to the provider. */
  certificate_pem?: string;
  /** Where it can be downloaded again (public, like the JWKS). */
  certificate_url?: string;
  /** When it stops being valid (epoch seconds): two years after it was made. */
  certificate_expires_at?: number;
}

/** A key's certificate as the key list shows it. */
export interface KeyCertificateSummary extends CertificateThumbprints {
  url: string;
  expires_at: number;
}

export interface KeyList {
  jwks_uri: string;
  keys: {
    kid: string;
    alg: SigningAlgorithm;
    public_jwk: PublicJwk;
    created_at: number;
    withdrawn_at: number | null;
    /** When no encryption key could open it (retired before the reseal walk): it signs nothing. */
    unreadable_at: number | null;
    /** The key's self-signed certificate, or null when it was made without one. */
    certificate: KeyCertificateSummary | null;
  }[];
}

export interface Jwks {
  keys: PublicJwk[];
}

export interface ResealPage {
  resealed: number;
  unreadable: number;
  next_cursor: string | null;
}

/** Every error answer (RFC 6749 §5.2's shape); the description never holds input or a secret. */
export interface ErrorBody {
  error: ApiErrorCode;
  error_description: string;
}

/** A webhook's JSON body (Standard Webhooks payload: type, timestamp, data). Never a secret or a token. */
export interface WebhookPayload {
  type: EventType;
  /** When the event happened, ISO 8601. */
  timestamp: string;
  data: {
    connection_id: string;
    tenant: string;
    status: ConnectionStatus;
    error?: { code: ApiErrorCode; message: string };
  };
}
