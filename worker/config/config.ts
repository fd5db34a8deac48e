import { misconfigured } from '../common/failure.js';
import { keyBytes, ringEntries, sameBytes } from '../common/key-bytes.js';
import type { TokenUrlPolicy } from '../outbound/url-policy.js';
import { urlPolicy } from './url-policy.js';
import { positiveInteger, readWebhookSettings, type WebhookSettings } from './webhook-settings.js';

export interface Config {
  /** Session minting for the sandbox tenant, and http loopback token URLs when allowed. */
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

// The values wrangler.toml ships for local development; a deployment must replace every one.
const DEV_ADMIN_API_KEY = 'dev-admin-key';
const DEV_SIGNING_KEY = 'dev-session-signing-key-do-not-deploy';
const DEV_ENCRYPTION_KEY = keyBytes('ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=')!;

/**
 * Reads and checks the Worker's settings. Development is a matter of configuration only
 * (ENVIRONMENT=development, as wrangler.toml's top level says): nothing a request carries, its
 * Host header included, can switch it on. A production configuration that still holds a
 * development key or setting answers 500 rather than run with published keys.
 */
export function readConfig(env: Env): Config {
  const development = env.ENVIRONMENT === 'development';
  const { ADMIN_API_KEY, SESSION_SIGNING_KEY, ENCRYPTION_KEYS } = env;
  if (!ADMIN_API_KEY) throw misconfigured('ADMIN_API_KEY is not set');
  if (!SESSION_SIGNING_KEY) throw misconfigured('SESSION_SIGNING_KEY is not set');
  if (!ENCRYPTION_KEYS) throw misconfigured('ENCRYPTION_KEYS is not set');
  if (!development) {
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
  const tokenUrlPolicy = urlPolicy(env);
  return {
    development,
    adminApiKey: ADMIN_API_KEY,
    sessionSigningKey: SESSION_SIGNING_KEY,
    encryptionKeys: ENCRYPTION_KEYS,
    tokenUrlPolicy,
    upstreamTimeoutMs: positiveInteger(env.UPSTREAM_TIMEOUT_MS, 10_000, 'UPSTREAM_TIMEOUT_MS'),
    defaultTokenTtlSeconds: positiveInteger(env.DEFAULT_TOKEN_TTL_SECONDS, 3600, 'DEFAULT_TOKEN_TTL_SECONDS'),
    webhooks: readWebhookSettings(env),
  };
}
