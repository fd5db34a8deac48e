import { z } from '@hono/zod-openapi';
import { AUTH_METHODS, LOCKABLE_FIELDS } from '../../protocol/index.js';
import { isLoopbackHost } from '../common/loopback.js';

// The input rules of every route, as zod schemas: they validate at the edge and generate the
// OpenAPI document (GET /v1/openapi.json). Messages are predicates ("is required", "must be …")
// that the one error hook (validation-hook.ts) puts after the field's name. None echoes input.

/** RFC 6749 §3.3 scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** RFC 6749 Appendix A.1/A.2: client_id and client_secret are VSCHAR (%x20-7E). */
const VSCHAR = /^[\x20-\x7E]+$/;
const MAX_SCOPES = 50;
const MAX_SCOPE_TOKEN = 256;
/** A typed scope field; a list of 50 scopes of typical length fits easily. */
const MAX_SCOPE_FIELD = 4096;
const MAX_PARAM = 2048;
const MAX_URL = 2048;
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

/** A string field: "is required" when absent, "must be …" otherwise. */
const text = (rule: string, check: (value: string) => boolean) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${rule}`) })
    .refine((value) => value !== '', { error: 'is required', abort: true })
    .refine(check, { error: `must be ${rule}`, abort: true });

const printable = (max: number) => (value: string) => value.length <= max && VSCHAR.test(value);

/**
 * A tenant names a path segment too (`/v1/jwks/{tenant}`), so `.` and `..`, which a URL resolves
 * away, are refused like any character outside the set.
 */
export const tenant = text(
  '1-128 characters of letters, digits and . _ : @ -, other than . and ..',
  (value) => /^[A-Za-z0-9._:@-]{1,128}$/.test(value) && value !== '.' && value !== '..',
).openapi({ example: 'acme' });

/** An exact web origin: scheme://host[:port], https unless loopback (never "null"). */
export const origin = text('an exact origin such as https://app.example.com', (value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
})
  // Runs only on an exact origin: the rule before it aborts otherwise.
  .refine(
    (value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    },
    { error: 'must use https (http only for loopback hosts)' },
  )
  .openapi({ example: 'https://app.example.com' });

/** A URL the Worker may call; its host is vetted by the URL policy (SSRF) in the handler. */
export const callableUrl = text(`an absolute URL of at most ${MAX_URL} characters`, (value) => {
  try {
    return value.length <= MAX_URL && Boolean(new URL(value));
  } catch {
    return false;
  }
});

const scopeToken = (value: unknown) =>
  typeof value === 'string' && value.length <= MAX_SCOPE_TOKEN && SCOPE_TOKEN.test(value);
const SCOPE_LIST_RULE = `a list of at most ${MAX_SCOPES} scope tokens (RFC 6749 §3.3) of at most ${MAX_SCOPE_TOKEN} characters`;

/** A list of scopes, duplicates dropped. */
export const scopeList = z
  .array(z.string(), { error: `must be ${SCOPE_LIST_RULE}` })
  .refine((list) => list.length <= MAX_SCOPES && list.every(scopeToken), { error: `must be ${SCOPE_LIST_RULE}` })
  .transform((list) => [...new Set(list)])
  .openapi({ example: ['reports:read'] });

/** A space-delimited scope field from a form (commas tolerated, as people paste them). */
export const scopeField = z
  .string()
  .max(MAX_SCOPE_FIELD, { error: `must be at most ${MAX_SCOPE_FIELD} characters` })
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .refine((list) => list.length <= MAX_SCOPES && list.every(scopeToken), { error: `must be ${SCOPE_LIST_RULE}` })
  .transform((list) => [...new Set(list)]);

export const clientId = text('at most 1024 printable ASCII characters', printable(1024));
/** Secrets are random strings of tens of characters; 8 KiB leaves room for any provider's. */
export const clientSecret = text('at most 8192 printable ASCII characters', printable(8192)).openapi({
  format: 'password',
});
/** A pasted private key (PEM); its form is checked when it is read (keys/pem.ts). A 4096-bit RSA key is ~3.3 KB. */
export const privateKey = text(
  'at most 16384 characters',
  (value) => value.trim() !== '' && value.length <= 16384,
).openapi({
  format: 'password',
});
/** The X.509 certificate a pasted key is uploaded as (PEM); checked to be that key's when read (keys/certificate.ts). */
export const certificateField = text(
  'at most 16384 characters',
  (value) => value.trim() !== '' && value.length <= 16384,
);
/** The kid a pasted key is registered under in the provider's console. */
export const keyIdField = text('at most 256 printable characters', printable(256));

/** RFC 8707 §2: an absolute URI without a fragment. */
const resource = text(`an absolute URI without a fragment (RFC 8707 §2), at most ${MAX_PARAM} characters`, (value) => {
  try {
    return value.length <= MAX_PARAM && !value.includes('#') && Boolean(new URL(value));
  } catch {
    return false;
  }
});

const extra = z
  .record(z.string(), z.string(), { error: 'must be an object of string parameters' })
  .refine((map) => Object.keys(map).length <= MAX_EXTRA_PARAMS, {
    error: `may hold at most ${MAX_EXTRA_PARAMS} parameters`,
  })
  // Compared without regard to case: a provider reading `Scope` or `GRANT_TYPE` as its own would
  // let a session's parameter stand in for one the Worker sets.
  .refine(
    (map) => Object.keys(map).every((name) => EXTRA_PARAM_NAME.test(name) && !RESERVED_PARAMS.has(name.toLowerCase())),
    {
      error: 'names must be parameter names the Worker does not set itself (not grant_type, scope, client_id …)',
    },
  )
  .refine((map) => Object.values(map).every(printable(MAX_PARAM)), {
    error: `values must be at most ${MAX_PARAM} printable characters`,
  })
  .openapi({ description: 'Org-defined token request parameters (an account or tenant id …).' });

/** Token request parameters: audience (Auth0), resource (RFC 8707), scope separator, org-defined extras. */
export const params = z
  .strictObject(
    {
      audience: text(`at most ${MAX_PARAM} printable characters`, printable(MAX_PARAM)).optional(),
      resource: resource.optional(),
      scopeSeparator: z.enum([' ', ','], { error: 'must be " " or ","' }).optional(),
      extra: extra.optional(),
    },
    { error: 'must be an object of audience, resource, scopeSeparator and extra' },
  )
  .openapi('Params');

const MAX_EXPECTED_STATUSES = 20;

/** Test & Save: the API call made with a new token before the connection is stored. */
export const probe = z
  .strictObject(
    {
      url: callableUrl,
      // GET when absent. Said in words, not as a JSON Schema `default`: client generators
      // (openapi-typescript) make a property with a default required in the type they generate.
      method: z
        .enum(['GET', 'HEAD'], { error: 'must be "GET" or "HEAD"' })
        .optional()
        .transform((method) => method ?? 'GET')
        .openapi({ description: 'GET when absent' }),
      expectStatus: z
        .array(z.number().int().min(100).max(599), { error: 'must list HTTP status codes (100-599)' })
        .min(1, { error: `must list 1 to ${MAX_EXPECTED_STATUSES} HTTP status codes` })
        .max(MAX_EXPECTED_STATUSES, { error: `must list 1 to ${MAX_EXPECTED_STATUSES} HTTP status codes` })
        .transform((list) => [...new Set(list)])
        .optional(),
    },
    { error: 'must be an object {url, method?, expectStatus?}' },
  )
  .openapi('Probe');

export const authMethod = z.enum(AUTH_METHODS, { error: `must be one of ${AUTH_METHODS.join(', ')}` });

export const lockedFields = z
  .array(z.enum(LOCKABLE_FIELDS), { error: `must list fields among ${LOCKABLE_FIELDS.join(', ')}` })
  .transform((list) => [...new Set(list)]);

/** `conn_` + 128 random bits as base64url (22 characters). */
export const connectionId = text('a connection id (conn_…)', (value) => /^conn_[A-Za-z0-9_-]{22}$/.test(value)).openapi(
  {
    example: 'conn_3x7Hk2mQ9vR4sT8wY1zA5b',
  },
);

/** A Worker-held key's kid: an RFC 7638 thumbprint (base64url SHA-256). */
export const keyId = text('a kid from POST /v1/keys', (value) => /^[A-Za-z0-9_-]{1,128}$/.test(value));
