import { Failure, misconfigured } from '../common/failure.js';
import { sameBytes } from '../common/key-bytes.js';
import { allowedUrl, type TokenUrlPolicy } from '../outbound/url-policy.js';
import { urlPolicy } from './url-policy.js';

/**
 * The webhook secret wrangler.toml's development [vars] carry: the demo's receiver verifies with
 * it, and a production deployment that still carries it refuses to serve. Published, so useless
 * for anything else. ("dev-only-webhook-secret-32-bytes", base64.)
 */
export const DEV_WEBHOOK_SECRET = 'whsec_ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQtMzItYnl0ZXM=';

export interface WebhookSettings {
  /** Vetted like a token URL (canonical host), so what is called is what was checked. */
  url: URL;
  /** The HMAC key of each secret in WEBHOOK_SECRET; every one signs each delivery. */
  keys: Uint8Array[];
  timeoutMs: number;
  /** The policy it was vetted with, which the delivery's fetch applies again. */
  policy: TokenUrlPolicy;
}

/** `whsec_` and standard base64 (RFC 4648 §4), as Standard Webhooks' official libraries decode it. */
const SECRET = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
/** The specification asks for secrets of 24 to 64 random bytes. */
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

/** The HMAC key a `whsec_<base64>` secret stands for, or null when it is not one (or too short or long). */
export function webhookSecretKey(text: string): Uint8Array | null {
  const match = SECRET.exec(text);
  if (!match) return null;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  return bytes.length >= MIN_SECRET_BYTES && bytes.length <= MAX_SECRET_BYTES ? bytes : null;
}

const DEV_WEBHOOK_KEY = webhookSecretKey(DEV_WEBHOOK_SECRET)!;

export const positiveInteger = (value: string | undefined, fallback: number, name: string) => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw misconfigured(`${name} must be a positive integer`);
  return parsed;
};

/**
 * The webhook settings, checked: WEBHOOK_URL and WEBHOOK_SECRET both or neither; each secret
 * (space-separated, to roll one over) `whsec_` + base64 of 24-64 bytes and, outside development,
 * not the development one; the URL passes the URL policy (https, public host, allowed port; http
 * on loopback only in development with ALLOW_LOOPBACK_TOKEN_URLS). The host allowlist is not
 * applied: it names token providers, and adding the operator's own webhook host to it would let
 * connections use that host as a token URL. Read by every request (through readConfig) and by
 * the queue consumer, which has no request; hence `env` alone.
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
  if (env.ENVIRONMENT !== 'development' && keys.some((key) => sameBytes(key, DEV_WEBHOOK_KEY))) {
    throw misconfigured('WEBHOOK_SECRET is the development secret');
  }
  const webhookPolicy = { ...urlPolicy(env), allowedHosts: undefined };
  let vetted: URL;
  try {
    vetted = allowedUrl(url, webhookPolicy, 'WEBHOOK_URL').url;
  } catch (error) {
    throw error instanceof Failure ? misconfigured(error.message, error) : error;
  }
  const timeoutMs = positiveInteger(env.WEBHOOK_TIMEOUT_MS, 10_000, 'WEBHOOK_TIMEOUT_MS');
  return { url: vetted, keys, timeoutMs, policy: webhookPolicy };
}
