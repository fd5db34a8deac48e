import { z } from '@hono/zod-openapi';
import { placeholders } from '../exchange/templates.js';

// The provider profile members a session may carry (protocol/provider-profile.ts), as zod
// schemas: they validate POST /v1/sessions at the edge and describe it in the OpenAPI document.
// Messages are predicates after the field's name; none echoes input.

/** A field's or a value's name: what placeholders (`{account_id}`) and the connect form use. */
const NAME = /^[a-z][a-z0-9_]{0,31}$/;
/** VSCHAR (RFC 6749 Appendix A): printable ASCII. */
const PRINTABLE = /^[\x20-\x7E]*$/;
/** Names the connect form already uses: a profile field cannot take one. */
const FORM_NAMES = new Set([
  'session_token',
  'state',
  'client_id',
  'client_secret',
  'private_key',
  'key_id',
  'certificate',
  'token_url',
  'scope',
  'audience',
  'resource',
  'close_after',
]);
/** Headers the Worker sets itself (credentials, the body's type, what it accepts) or HTTP owns. */
const RESERVED_HEADERS = new Set([
  'authorization',
  'content-type',
  'content-length',
  'accept',
  'host',
  'cookie',
  'connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'expect',
  'proxy-authorization',
]);
/** RFC 9110 §5.6.2 token: a header's name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** A dotted path into the answer's JSON: `access_token`, `data.token`, `items.0.id`. */
const PATH = /^[A-Za-z0-9_$-]{1,64}(\.[A-Za-z0-9_$-]{1,64}){0,4}$/;
/** What a capture may not keep: a credential, however the provider names it. */
const SECRET_LOOKING = /(^|[._-])(access|refresh|id)?_?token$|secret|password|passwd|assertion|private_?key|api_?key/i;
/** RFC 6749 §4.4.2's grant_type, or a provider's own (`account_credentials`): a scope-token-like word or an absolute URI. */
const GRANT_TYPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;

const text = (max: number, rule = `at most ${max} printable characters`) =>
  z
    .string({ error: `must be ${rule}` })
    .refine((value) => value.length > 0 && value.length <= max && PRINTABLE.test(value), { error: `must be ${rule}` });

const name = z.string({ error: 'must be a name of lower-case letters, digits and _' }).regex(NAME, {
  error: 'must be a name of lower-case letters, digits and _ (at most 32), starting with a letter',
});

/** An HTML pattern (its `v`-flag regular expression, whole value): one the element and the Worker can both run. */
const pattern = text(200).refine(
  (value) => {
    try {
      new RegExp(`^(?:${value})$`, 'v');
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be a valid HTML pattern (a v-flag regular expression)' },
);

export const profileField = z
  .strictObject(
    {
      name: name.refine((value) => !FORM_NAMES.has(value), {
        error: 'must not be a name the connect form already uses',
      }),
      label: z.string().min(1, { error: 'is required' }).max(80, { error: 'must be at most 80 characters' }),
      hint: z.string().max(300, { error: 'must be at most 300 characters' }).optional(),
      placeholder: z.string().max(100, { error: 'must be at most 100 characters' }).optional(),
      pattern: pattern.optional(),
      options: z
        .array(
          z.strictObject({
            value: text(100),
            label: z.string().min(1, { error: 'is required' }).max(80, { error: 'must be at most 80 characters' }),
          }),
          { error: 'must be a list of {value, label}' },
        )
        .min(1, { error: 'must offer at least one option' })
        .max(50, { error: 'must offer at most 50 options' })
        .optional(),
    },
    { error: 'must be {name, label, hint?, placeholder?, pattern?, options?}' },
  )
  .openapi('ProfileField');

export const profileFields = z
  .array(profileField, { error: 'must be a list of fields' })
  .max(10, { error: 'may hold at most 10 fields' })
  .refine((fields) => new Set(fields.map((field) => field.name)).size === fields.length, {
    error: 'must not name a field twice',
  });

export const profileValues = z
  .record(name, text(256), { error: 'must be an object of values' })
  .refine((values) => Object.keys(values).length <= 20, { error: 'may hold at most 20 values' })
  .openapi({ description: 'Values the host knows, for templates. Readable in the session token: never a secret.' });

export const tokenRequestShape = z
  .strictObject(
    {
      method: z.enum(['POST', 'GET'], { error: 'must be "POST" or "GET"' }).optional(),
      body: z.enum(['form', 'json'], { error: 'must be "form" or "json"' }).optional(),
      grantType: z
        .string()
        .regex(GRANT_TYPE, { error: 'must be a grant type of at most 128 printable characters' })
        .nullable()
        .optional(),
      names: z
        .strictObject({
          client_id: z
            .string()
            .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, { error: 'must be a parameter name' })
            .optional(),
          client_secret: z
            .string()
            .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, { error: 'must be a parameter name' })
            .optional(),
        })
        .optional(),
      headers: z
        .record(z.string(), text(1024), { error: 'must be an object of header values' })
        .refine((headers) => Object.keys(headers).length <= 10, { error: 'may hold at most 10 headers' })
        .refine((headers) => Object.keys(headers).every((header) => HEADER_NAME.test(header)), {
          error: 'names must be HTTP header names',
        })
        .refine((headers) => Object.keys(headers).every((header) => !RESERVED_HEADERS.has(header.toLowerCase())), {
          error: 'must not set a header the Worker sets itself (Authorization, Content-Type, Accept …)',
        })
        .optional(),
      basicEncoding: z.enum(['raw', 'form'], { error: 'must be "raw" or "form"' }).optional(),
    },
    { error: 'must be {method?, body?, grantType?, names?, headers?, basicEncoding?}' },
  )
  .openapi('TokenRequestShape');

const path = z.string({ error: 'must be a dotted path' }).regex(PATH, { error: 'must be a dotted path (data.token)' });

export const tokenResponseShape = z
  .strictObject(
    {
      accessToken: path.optional(),
      expiresIn: path.optional(),
      expiresAt: path.optional(),
      unit: z.enum(['s', 'ms'], { error: 'must be "s" or "ms"' }).optional(),
      defaultLifetime: z
        .number({ error: 'must be seconds from 1 to 86400' })
        .int({ error: 'must be seconds from 1 to 86400' })
        .min(1, { error: 'must be seconds from 1 to 86400' })
        .max(86_400, { error: 'must be seconds from 1 to 86400' })
        .optional(),
      capture: z
        .record(name, path, { error: 'must be an object of name: path' })
        .refine((capture) => Object.keys(capture).length <= 10, { error: 'may keep at most 10 values' })
        .refine(
          (capture) =>
            Object.entries(capture).every(([key, at]) => !SECRET_LOOKING.test(key) && !SECRET_LOOKING.test(at)),
          {
            error:
              'must not keep a credential (a token, secret, password, assertion or key): captured values are shown',
          },
        )
        .optional(),
    },
    { error: 'must be {accessToken?, expiresIn?, expiresAt?, unit?, defaultLifetime?, capture?}' },
  )
  .openapi('TokenResponseShape');

/** What a profile's templates may name: its fields and values; headers also `client_id` and `uuid`. */
export function unknownPlaceholders(templates: { text: string; header?: boolean }[], known: Set<string>): string[] {
  const unknown = templates.flatMap(({ text: template, header }) =>
    placeholders(template).filter((used) => !known.has(used) && !(header && (used === 'client_id' || used === 'uuid'))),
  );
  return [...new Set(unknown)];
}
