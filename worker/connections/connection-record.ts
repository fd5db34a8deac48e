import type { ApiErrorCode, ClientAuthMethod, ExtraParams, ProbeSpec } from '../../protocol/index.js';
import type { ExchangeProfile, ExchangeRequest, IssuedToken } from '../exchange/exchange-types.js';

/** What a profiled connection keeps of its provider profile, to exchange again the same way. */
export type StoredProfile = ExchangeProfile;

/** What connect stores: the exchange that worked, with the method it settled on and its token. */
export interface ConnectionInput extends Omit<ExchangeRequest, 'authMethod'> {
  tenant: string;
  authMethod: ClientAuthMethod;
  token: IssuedToken;
  probe?: ProbeSpec;
}

/** A connection as the admin API may show it: no secret, no token. Times in epoch seconds. */
export interface ConnectionSummary {
  id: string;
  tenant: string;
  tokenUrl: string;
  issuer: string | null;
  clientId: string;
  /** The Worker-held key, or the kid a pasted key is registered under. */
  keyId: string | null;
  scopes: string[];
  authMethod: ClientAuthMethod;
  params: ExtraParams;
  profile: StoredProfile | null;
  /** Non-secret values the provider's answer carried (tokenResponse.capture). */
  captured: Record<string, string>;
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  lastCheckedAt: number;
  lastError: ApiErrorCode | null;
  lastErrorMessage: string | null;
  probe: ProbeSpec | null;
}

/** Everything the token API and the refresher need; the secrets stay sealed until opened. */
export interface ConnectionRecord extends ConnectionSummary {
  tokenType: string;
  tokenScopes: string[];
  issuedAt: number;
  credentialsVersion: number;
  retryNotBefore: number | null;
  /** `credential` is null for a Worker-held key: nothing secret is stored with the connection then. */
  sealed: { credential: string | null; accessToken: string };
  /** The certificate (PEM) pasted with a private key, public: its thumbprints go in every assertion's header. */
  certificate?: string | null;
}
