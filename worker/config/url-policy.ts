import type { TokenUrlPolicy } from '../outbound/url-policy.js';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

/**
 * The URL policy every outbound call passes (token URLs, issuers, probes, webhooks). Loopback
 * http exists only in a development configuration that asks for it; an allowlist, when set,
 * applies to loopback hosts too, so the rule is the same offline and online.
 */
export function urlPolicy(env: Env): TokenUrlPolicy {
  const allowedHosts = list(env.TOKEN_URL_ALLOWED_HOSTS);
  return {
    allowLoopbackHttp: env.ENVIRONMENT === 'development' && env.ALLOW_LOOPBACK_TOKEN_URLS === 'true',
    allowedHosts: allowedHosts.length > 0 ? allowedHosts : undefined,
    allowedPorts: [443, ...list(env.TOKEN_URL_ALLOWED_PORTS).map(Number).filter(Number.isInteger)],
  };
}
