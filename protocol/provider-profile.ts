import type { AuthMethod, ExtraParams } from './client-auth.js';

// Provider profiles: how a real provider's token request and answer differ from RFC 6749's
// textbook one, said declaratively. A session spells a profile out, or names a catalog preset
// (`provider: "zoom"`) that expands to one; the host's own values override the preset's.
//
// Templates: `tokenUrl`, `params` values (audience, resource, extra) and `tokenRequest.headers`
// values may hold `{name}` placeholders, each naming an entry of `fields` (typed by the person)
// or `values` (set by the host); headers may also use `{client_id}` and `{uuid}` (a fresh random
// UUID per request). A value is checked by where it lands (README "Providers").

/** A value the person types: rendered by the element in order, posted to /v1/connect as `name`. */
export interface ProfileField {
  /** `[a-z][a-z0-9_]{0,31}`, and not a name the connect form already uses (client_id, scope, …). */
  name: string;
  /** What the element shows above the input, in the provider's own words ("Account ID"). */
  label: string;
  /** One sentence under the input: where to find the value in the provider's console. */
  hint?: string;
  placeholder?: string;
  /** An HTML `pattern` (whole value, `v` flag): checked by the element and again by the Worker. */
  pattern?: string;
  /**
   * A closed list to choose from (a region or cloud): rendered as a select, and only these
   * values are accepted. Being the preset's own, an option may span several host labels
   * (`mypurecloud.de`); a typed value in a host is always one label.
   */
  options?: { value: string; label: string }[];
}

/** How the token request is sent. Every member is optional: absent means RFC 6749 §4.4.2. */
export interface TokenRequestShape {
  /** GET puts the parameters (and, for client_secret_post, the credentials) in the query string. */
  method?: 'POST' | 'GET';
  /** `json` sends the parameters as one JSON object instead of a form. */
  body?: 'form' | 'json';
  /** The grant_type sent; `null` sends none. Default `client_credentials`. */
  grantType?: string | null;
  /** Renamed credential parameters (client_secret_post, and the client id of an assertion request). */
  names?: { client_id?: string; client_secret?: string };
  /** Extra request headers; values may be templates (`{uuid}`, `{client_id}`, a field). */
  headers?: Record<string, string>;
  /**
   * How Basic credentials are written. Default: as they are when that reads the same to servers
   * that form-decode them and to those that do not, else form-encoded (RFC 6749 §2.3.1). `raw`
   * always as they are (a provider documented to read them so), `form` always encoded.
   */
  basicEncoding?: 'raw' | 'form';
}

/** Where the answer holds what we need: dotted paths into its JSON (`data.token`). */
export interface TokenResponseShape {
  /** Default `access_token`. */
  accessToken?: string;
  /** A lifetime (default `expires_in`), in `unit`. */
  expiresIn?: string;
  /** An absolute expiry instead: epoch (in `unit`) or ISO 8601. */
  expiresAt?: string;
  /** The unit of `expiresIn` and of an epoch `expiresAt`; default seconds. */
  unit?: 's' | 'ms';
  /** Seconds, when the answer says nothing of the expiry and the token is no JWT with `exp`. */
  defaultLifetime?: number;
  /** Non-secret values to keep from the answer, by name (Salesforce's `instance_url`). */
  capture?: Record<string, string>;
}

/** The profile members a session may carry (all optional; with none, the exchange is RFC 6749's). */
export interface ProviderProfile {
  fields?: ProfileField[];
  values?: Record<string, string>;
  tokenRequest?: TokenRequestShape;
  tokenResponse?: TokenResponseShape;
}

/** One entry of the catalog (`GET /v1/providers`): a provider as its public documentation describes it. */
export interface ProviderPreset extends ProviderProfile {
  /** Lower-kebab, stable: what a session names as `provider`. */
  id: string;
  /** The provider's product name, as its console says it. */
  name: string;
  /** A token URL, possibly templated (`https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`). */
  tokenUrl: string;
  /** The public documentation page the preset follows. */
  docs: string;
  /** Steps a person can follow in the provider's own console words. Plain text; lines split steps. */
  instructions: string;
  authMethod?: AuthMethod;
  scopes?: string[];
  params?: ExtraParams;
}
