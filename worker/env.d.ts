// Optional settings that wrangler.toml does not declare, merged into the generated `Env`.
declare namespace Cloudflare {
  interface Env {
    /** Comma-separated host allowlist for token URLs (exact hosts or ".suffix"). */
    TOKEN_URL_ALLOWED_HOSTS?: string;
    /** Comma-separated extra ports allowed besides 443. */
    TOKEN_URL_ALLOWED_PORTS?: string;
    /** Upstream token request timeout; 10 000 unless set (tests shorten it). */
    UPSTREAM_TIMEOUT_MS?: string;
    /** Token lifetime assumed when a provider sends neither expires_in nor a JWT exp. */
    DEFAULT_TOKEN_TTL_SECONDS?: string;
    /** Webhook delivery timeout; 10 000 unless set (tests shorten it). */
    WEBHOOK_TIMEOUT_MS?: string;
  }
}
