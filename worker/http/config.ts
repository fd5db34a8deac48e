import { ApiError } from './api-error.js';
import { keyBytes, ringEntries, sameBytes } from '../common/key-bytes.js';
import { isLoopbackHost } from '../common/loopback.js';
import type { TokenUrlPolicy } from '../outbound/token-url-policy.js';

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
}

// The values wrangler.toml ships for local development; a deployment must replace every one.
const DEV_ADMIN_API_KEY = 'dev-admin-key';
const DEV_SIGNING_KEY = 'dev-session-signing-key-do-not-deploy';
const DEV_ENCRYPTION_KEY = keyBytes('ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=')!;

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
      allowedPorts: [443, ...list(env.TOKEN_URL_ALLOWED_PORTS).map(Number).filter(Number.isInteger)],
    },
    upstreamTimeoutMs: positiveInteger(env.UPSTREAM_TIMEOUT_MS, 10_000, 'UPSTREAM_TIMEOUT_MS'),
    defaultTokenTtlSeconds: positiveInteger(env.DEFAULT_TOKEN_TTL_SECONDS, 3600, 'DEFAULT_TOKEN_TTL_SECONDS'),
  };
}
