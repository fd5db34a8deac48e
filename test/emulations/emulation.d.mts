/**
 * An emulation of one provider's token endpoint, written from that provider's public
 * documentation and as strict as the real one about what it accepts.
 */
export interface Emulation {
  /** The catalog preset it emulates (worker/providers/presets/<id>.ts). */
  id: string;
  /** The documentation pages it follows (the first is the token request's own page). */
  docs: string[];
  /** Whether a request to `url` is this provider's token endpoint (after templating). */
  matches(url: URL): boolean;
  /** Answers one token request as the provider would (Web Request/Response, usable in Node and in the Worker's tests). */
  handle(request: Request): Promise<Response>;
  /** What a customer of this provider enters, and what their host knows, for a connect test. */
  customer: {
    clientId: string;
    clientSecret: string;
    /** Values the person types into the preset's `fields`, by field name. */
    fields?: Record<string, string>;
    /** Values the host passes with the session (`values`), by name. */
    values?: Record<string, string>;
    /** Session scopes the host asks for, when the provider needs some. */
    scopes?: string[];
    /** Session params (audience, resource, extra) the host sets, when the provider needs them. */
    params?: Record<string, unknown>;
  };
  /** What the emulation issues to that customer. */
  issued: {
    accessToken: string;
    /** The lifetime the answer gives (or the preset's default when it gives none), in seconds. */
    expiresInSeconds: number;
    /** Values the preset captures from the answer (tokenResponse.capture). */
    values?: Record<string, string>;
  };
  /** The token request as the provider's documentation shows it (its curl example). */
  documentedRequest(): Request;
  /** Requests the real provider refuses, each with the status its docs give. */
  refusals: { name: string; request(): Request; status: number }[];
  /** The `error` code (protocol/error-codes.ts) a wrong client secret must surface as; default invalid_client. */
  wrongSecretCode?: string;
}
