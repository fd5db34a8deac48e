import { ApiError } from './api-error.js';
import { keyBytes, ringEntries, sameBytes } from '../common/key-bytes.js';
import { isLoopbackHost } from '../common/loopback.js';
import { checkTokenUrl, type TokenUrlPolicy } from '../outbound/token-url-policy.js';
import { DEV_WEBHOOK_SECRET } from '../webhooks/dev-secret.js';
import { webhookSecretKey } from '../webhooks/signature.js';

export interface Config {
  /** Sandbox, session minting without a key, and http loopback token URLs. */
  development: boolean;
  adminApiKey: string;
  sessionSigningKey: string;
  /** "kid:base64key,..." — the first key encrypts, every key decrypts its own rows. */
  encryptionKeys: string;
  tokenUrlPolicy: TokenUrlPolicy;
  upstreamTimeoutMs: number;
  defaultTokenTtlSeconds: number;
  /** Null when webhooks are off (neither WEBHOOK_URL nor WEBHOOK_SECRET set). */
  webhooks: WebhookSettings | null;
}

export interface WebhookSettings {
  /** Vetted like a token URL (canonical host), so what is called is what was checked. */
  url: URL;
  /** The HMAC key of each secret in WEBHOOK_SECRET; every one signs each delivery. */
  keys: Uint8Array[];
  timeoutMs: number;
}

// The values wrangler.toml ships for local development; a deployment must replace every one.
const DEV_ADMIN_API_KEY = 'dev-admin-key';
const DEV_SIGNING_KEY = 'dev-session-signing-key-do-not-deploy';
const DEV_ENCRYPTION_KEY = keyBytes('ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=')!;
const DEV_WEBHOOK_KEY = webhookSecretKey(DEV_WEBHOOK_SECRET)!;

const misconfigured = (why: string) =>
  new ApiError(500, 'server_misconfigured', `The server is misconfigured: ${why}.`);

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

const positiveInteger = (value: string | undefined, fallback: number, name: string) => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw misconfigured(`${name} must be a positive integer`);
  return parsed;
};

const allowedPorts = (env: Env) => [443, ...list(env.TOKEN_URL_ALLOWED_PORTS).map(Number).filter(Number.isInteger)];

/**
 * The webhook settings, checked: WEBHOOK_URL and WEBHOOK_SECRET both or neither; each secret
 * (space-separated, to roll one over) `whsec_` + base64 of 24-64 bytes and, outside development,
 * not the development one; the URL passes the token URL policy (https, public host, allowed
 * port; http on loopback only in development with ALLOW_LOOPBACK_TOKEN_URLS). The host allowlist
 * is not applied: it names token providers, and adding the operator's own webhook host to it
 * would let connections use that host as a token URL. Read by every request (through readConfig)
 * and by the queue consumer, which has no request URL; hence `env` alone.
 */
export function readWebhookSettings(env: Env): WebhookSettings | null {
  const url = env.WEBHOOK_URL?.trim() ?? '';
  const secret = env.WEBHOOK_SECRET?.trim() ?? '';
  if (!url && !secret) return null;
  if (!url || !secret) throw misconfigured('WEBHOOK_URL and WEBHOOK_SECRET must be set together, or neither');
  const keys = secret.split(/\s+/).map(webhookSecretKey);
  if (!keys.every((key) => key !== null)) {
    throw misconfigured('WEBHOOK_SECRET must be whsec_ followed by the base64 of 24 to 64 random bytes');
  }
  const development = env.ENVIRONMENT === 'development';
  if (!development && keys.some((key) => sameBytes(key, DEV_WEBHOOK_KEY))) {
    throw misconfigured('WEBHOOK_SECRET is the development secret');
  }
  const verdict = checkTokenUrl(url, {
    allowLoopbackHttp: development && env.ALLOW_LOOPBACK_TOKEN_URLS === 'true',
    allowedPorts: allowedPorts(env),
  });
  if (!verdict.ok) throw misconfigured(`WEBHOOK_URL is not allowed: ${verdict.reason}`);
  return {
    url: verdict.url,
    keys,
    timeoutMs: positiveInteger(env.WEBHOOK_TIMEOUT_MS, 10_000, 'WEBHOOK_TIMEOUT_MS'),
  };
}

/**
 * Reads and checks the Worker's settings for one request. Development mode needs both
 * ENVIRONMENT=development and a loopback host, so a development config that reaches the
 * internet by mistake refuses to serve instead of running with the published dev keys.
 */
export function readConfig(env: Env, requestUrl: URL): Config {
  const developmentConfig = env.ENVIRONMENT === 'development';
  if (developmentConfig && !isLoopbackHost(requestUrl.hostname)) {
    throw misconfigured(
      'the development configuration is only served on a loopback host; deploy with --env production',
    );
  }
  const { ADMIN_API_KEY, SESSION_SIGNING_KEY, ENCRYPTION_KEYS } = env;
  if (!ADMIN_API_KEY) throw misconfigured('ADMIN_API_KEY is not set');
  if (!SESSION_SIGNING_KEY) throw misconfigured('SESSION_SIGNING_KEY is not set');
  if (!ENCRYPTION_KEYS) throw misconfigured('ENCRYPTION_KEYS is not set');
  if (!developmentConfig) {
    if (ADMIN_API_KEY === DEV_ADMIN_API_KEY || ADMIN_API_KEY.length < 24) {
      throw misconfigured('ADMIN_API_KEY is the development key or shorter than 24 characters');
    }
    if (SESSION_SIGNING_KEY === DEV_SIGNING_KEY || SESSION_SIGNING_KEY.length < 32) {
      throw misconfigured('SESSION_SIGNING_KEY is the development key or shorter than 32 characters');
    }
    const isDevKey = ([, text]: [string, string]) => {
      const bytes = keyBytes(text);
      return bytes !== null && sameBytes(bytes, DEV_ENCRYPTION_KEY);
    };
    if (ringEntries(ENCRYPTION_KEYS).some(isDevKey)) {
      throw misconfigured('ENCRYPTION_KEYS still holds the development key');
    }
    if (env.ALLOW_LOOPBACK_TOKEN_URLS) throw misconfigured('ALLOW_LOOPBACK_TOKEN_URLS is a development-only setting');
  }
  const allowedHosts = list(env.TOKEN_URL_ALLOWED_HOSTS);
  return {
    development: developmentConfig,
    adminApiKey: ADMIN_API_KEY,
    sessionSigningKey: SESSION_SIGNING_KEY,
    encryptionKeys: ENCRYPTION_KEYS,
    tokenUrlPolicy: {
      allowLoopbackHttp: developmentConfig && env.ALLOW_LOOPBACK_TOKEN_URLS === 'true',
      allowedHosts: allowedHosts.length > 0 ? allowedHosts : undefined,
      allowedPorts: allowedPorts(env),
    },
    upstreamTimeoutMs: positiveInteger(env.UPSTREAM_TIMEOUT_MS, 10_000, 'UPSTREAM_TIMEOUT_MS'),
    defaultTokenTtlSeconds: positiveInteger(env.DEFAULT_TOKEN_TTL_SECONDS, 3600, 'DEFAULT_TOKEN_TTL_SECONDS'),
    webhooks: readWebhookSettings(env),
  };
}
