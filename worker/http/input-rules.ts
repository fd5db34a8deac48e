import { invalidRequest } from './api-error.js';
import { isLoopbackHost } from '../common/loopback.js';
import type { ExtraParams } from '../../protocol/index.js';

// Edge validation shared by the session and connect routes. Messages name the field, never echo it.

/** RFC 6749 §3.3 scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** RFC 6749 Appendix A.1/A.2: client_id and client_secret are VSCHAR (%x20-7E). */
const VSCHAR = /^[\x20-\x7E]+$/;
const MAX_SCOPES = 50;
const MAX_SCOPE_TOKEN = 256;
/** A typed scope field; a list of 50 scopes of typical length fits easily. */
const MAX_SCOPE_FIELD = 4096;
const MAX_CLIENT_ID = 1024;
/** Secrets are random strings of tens of characters; 8 KiB leaves room for any provider's. */
const MAX_CLIENT_SECRET = 8192;
const MAX_PARAM = 2048;
/** A 4096-bit RSA key in PKCS#8 PEM is about 3.3 KB. */
const MAX_PRIVATE_KEY = 16 * 1024;
const MAX_KEY_ID = 256;
const MAX_EXTRA_PARAMS = 10;
const EXTRA_PARAM_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** Parameters the Worker sets itself (RFC 6749 §4.4.2, §2.3.1; RFC 7521 §4.2; RFC 8707). */
const RESERVED_PARAMS = new Set([
  'grant_type',
  'scope',
  'audience',
  'resource',
  'client_id',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
]);

export function tenantId(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._:@-]{1,128}$/.test(value)) {
    throw invalidRequest('tenant must be 1-128 characters of letters, digits and . _ : @ -');
  }
  return value;
}

/** An exact web origin: scheme://host[:port], https unless loopback (never "null"). */
export function webOrigin(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.origin !== value)
    throw invalidRequest('origin must be an exact origin such as https://app.example.com');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw invalidRequest('origin must use https (http only for loopback hosts)');
  }
  return url.origin;
}

export function scopeList(value: unknown): string[] {
  const isScope = (s: unknown) => typeof s === 'string' && s.length <= MAX_SCOPE_TOKEN && SCOPE_TOKEN.test(s);
  if (!Array.isArray(value) || value.length > MAX_SCOPES || !value.every(isScope)) {
    throw invalidRequest(
      `scopes must be a list of at most ${MAX_SCOPES} scope tokens (RFC 6749 §3.3) of at most ${MAX_SCOPE_TOKEN} characters`,
    );
  }
  return [...new Set(value as string[])];
}

/** A space-delimited scope field from a form (commas tolerated, as people paste them). */
export function scopeField(value: string): string[] {
  if (value.length > MAX_SCOPE_FIELD) throw invalidRequest(`scope must be at most ${MAX_SCOPE_FIELD} characters`);
  return scopeList(value.split(/[\s,]+/).filter(Boolean));
}

export function clientCredential(value: unknown, field: 'client_id' | 'client_secret'): string {
  const max = field === 'client_id' ? MAX_CLIENT_ID : MAX_CLIENT_SECRET;
  if (typeof value !== 'string' || value.length === 0) throw invalidRequest(`${field} is required`);
  if (value.length > max || !VSCHAR.test(value))
    throw invalidRequest(`${field} must be at most ${max} printable ASCII characters`);
  return value;
}

/** A pasted private key (PEM); its form is checked when it is read (keys/pem.ts). */
export function privateKeyField(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidRequest('private_key is required');
  if (value.length > MAX_PRIVATE_KEY) throw invalidRequest(`private_key must be at most ${MAX_PRIVATE_KEY} characters`);
  return value;
}

/** The kid a pasted key is registered under in the provider's console (optional). */
export function keyIdField(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_KEY_ID || !VSCHAR.test(value)) {
    throw invalidRequest(`key_id must be at most ${MAX_KEY_ID} printable characters`);
  }
  return value;
}

/** `params.extra`: org-defined token request parameters, string to string, none the Worker sets itself. */
function extraTokenParams(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidRequest('params.extra must be an object');
  const entries = Object.entries(value);
  if (entries.length > MAX_EXTRA_PARAMS)
    throw invalidRequest(`params.extra may hold at most ${MAX_EXTRA_PARAMS} parameters`);
  for (const [name, text] of entries) {
    if (!EXTRA_PARAM_NAME.test(name) || RESERVED_PARAMS.has(name)) {
      throw invalidRequest(
        'params.extra names must be parameter names the Worker does not set itself (not grant_type, scope, client_id …)',
      );
    }
    if (typeof text !== 'string' || text.length > MAX_PARAM || !VSCHAR.test(text)) {
      throw invalidRequest(`params.extra values must be at most ${MAX_PARAM} printable characters`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export function extraParams(value: unknown): ExtraParams {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('params must be an object');
  const { audience, resource, scopeSeparator, extra, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0)
    throw invalidRequest('params may only hold audience, resource, scopeSeparator and extra');
  const params: ExtraParams = {};
  if (extra !== undefined) params.extra = extraTokenParams(extra);
  if (scopeSeparator !== undefined) {
    if (scopeSeparator !== ' ' && scopeSeparator !== ',') throw invalidRequest('scopeSeparator must be " " or ","');
    params.scopeSeparator = scopeSeparator;
  }
  if (audience !== undefined && audience !== '') {
    if (typeof audience !== 'string' || audience.length > MAX_PARAM || !VSCHAR.test(audience)) {
      throw invalidRequest(`audience must be at most ${MAX_PARAM} printable characters`);
    }
    params.audience = audience;
  }
  if (resource !== undefined && resource !== '') {
    // RFC 8707 §2: an absolute URI without a fragment.
    let url: URL | undefined;
    try {
      url = typeof resource === 'string' && resource.length <= MAX_PARAM ? new URL(resource) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.hash || (resource as string).includes('#')) {
      throw invalidRequest(
        `resource must be an absolute URI without a fragment (RFC 8707 §2), at most ${MAX_PARAM} characters`,
      );
    }
    params.resource = resource as string;
  }
  return params;
}
