import { Failure } from '../common/failure.js';
import { isLoopbackHost } from '../common/loopback.js';

/**
 * Which URLs the Worker will call (the SSRF rules in DESIGN.md): token URLs, issuers and their
 * metadata's URLs, probes, webhooks. Pure: no I/O.
 */
export interface TokenUrlPolicy {
  /** Development only: http(s) on 127.0.0.1, localhost or [::1], any port. */
  allowLoopbackHttp: boolean;
  /** Exact hosts, or ".suffix" for a domain and its subdomains; absent = any public host. Loopback hosts too. */
  allowedHosts?: string[];
  allowedPorts: number[];
}

/** A URL the policy allows, its host canonical. `plainHttp`: a development loopback one (no TLS). */
export interface AllowedUrl {
  url: URL;
  plainHttp: boolean;
}

type TokenUrlVerdict = ({ ok: true } & AllowedUrl) | { ok: false; reason: string };

const MAX_URL_LENGTH = 2048;
const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa'];

const deny = (reason: string): TokenUrlVerdict => ({ ok: false, reason });

/**
 * WHATWG URL parsing already folds the decimal, octal and hex IPv4 spellings
 * (https://2130706433/ → 127.0.0.1), so one dotted-quad test catches them all after parsing.
 */
const isIpLiteral = (hostname: string) => hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname);

function hostAllowed(host: string, allowedHosts: string[] | undefined) {
  if (!allowedHosts) return true;
  return allowedHosts.some((entry) =>
    entry.startsWith('.') ? host.endsWith(entry) || host === entry.slice(1) : host === entry,
  );
}

/**
 * The host every rule is run on. WHATWG URL parsing has already lower-cased, percent-decoded and
 * IDNA-mapped it, and folded IPv4 spellings; but trailing dots hide an address from that folding
 * ("127.0.0.1.." stays a name) and from suffix rules ("printer.local.."). So: every trailing dot
 * removed, empty labels refused, and the result parsed again. Null when it is not a host name.
 */
function canonicalHost(hostname: string): string | null {
  const trimmed = hostname.replace(/\.+$/, '');
  if (!trimmed || trimmed.split('.').includes('')) return null;
  try {
    return new URL(`http://${trimmed}/`).hostname;
  } catch {
    return null;
  }
}

/** The reason the policy refuses `raw`, or the allowed URL. */
function checkUrl(raw: string, policy: TokenUrlPolicy): TokenUrlVerdict {
  if (raw.length > MAX_URL_LENGTH) return deny('the URL is too long');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return deny('it is not an absolute URL');
  }
  if (url.username || url.password) return deny('it carries a user name or password');
  // RFC 6749 §3.2: the token endpoint URI MUST NOT include a fragment.
  if (url.hash || raw.includes('#')) return deny('it has a fragment');
  const host = canonicalHost(url.hostname);
  if (host === null) return deny('its host name has an empty label');
  url.hostname = host;

  if (policy.allowLoopbackHttp && isLoopbackHost(host) && (url.protocol === 'http:' || url.protocol === 'https:')) {
    if (!hostAllowed(host, policy.allowedHosts)) return deny('the host is not on the allowlist');
    return { ok: true, url, plainHttp: true };
  }
  if (url.protocol !== 'https:') return deny('it is not https');
  if (isIpLiteral(host)) return deny('it names an IP address instead of a host');
  if (!host.includes('.')) return deny('it names a single-label (intranet) host');
  if (host === 'localhost' || PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return deny('it names a local or internal host');
  }
  const port = url.port === '' ? 443 : Number(url.port);
  if (!policy.allowedPorts.includes(port)) return deny(`port ${port} is not allowed`);
  if (!hostAllowed(host, policy.allowedHosts)) return deny('the host is not on the allowlist');
  return { ok: true, url, plainHttp: false };
}

/**
 * Vets a URL the Worker is asked to call; throws `token_url_not_allowed` naming `what` and the
 * reason (never the URL itself). The answer's `url` carries the canonical host, so what is
 * called is exactly what was vetted.
 */
export function allowedUrl(raw: string, policy: TokenUrlPolicy, what = 'the token URL'): AllowedUrl {
  const verdict = cachedVerdict(raw, policy);
  if (!verdict.ok) throw new Failure(400, 'token_url_not_allowed', `${what} is not allowed: ${verdict.reason}`);
  return { url: verdict.url, plainHttp: verdict.plainHttp };
}

/**
 * Verdicts this isolate already reached: a connect vets the same URL several times (the form,
 * the exchange, the fetch itself), and a token API refresh vets a stored one. Keyed by the URL
 * and the whole policy, so a tightened policy is a new key. Bounded; a copy of the URL is
 * handed out, as callers may hold it.
 */
const verdicts = new Map<string, TokenUrlVerdict>();
const MAX_VERDICTS = 256;

function cachedVerdict(raw: string, policy: TokenUrlPolicy): TokenUrlVerdict {
  const key = `${raw}\n${policy.allowLoopbackHttp}\n${policy.allowedHosts?.join(',') ?? '*'}\n${policy.allowedPorts.join(',')}`;
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = checkUrl(raw, policy);
    if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, verdict);
  }
  return verdict.ok ? { ...verdict, url: new URL(verdict.url.href) } : verdict;
}
