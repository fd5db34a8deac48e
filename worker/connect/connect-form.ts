import { z } from '@hono/zod-openapi';
import { STATE_PATTERN, type ProbeSpec, type SessionClaims } from '../../protocol/index.js';
import type { Credential, ExchangeProfile, ExchangeRequest } from '../exchange/exchange-types.js';
import { nowSeconds } from '../common/clock.js';
import { invalidRequest } from '../common/failure.js';
import {
  certificateField,
  clientId,
  clientSecret,
  keyIdField,
  params as paramsSchema,
  privateKey,
  scopeField,
} from '../http/fields.js';
import { validated } from '../http/validation-hook.js';
import { certificateForKey } from '../keys/certificate.js';
import { canonicalPem, importPrivateKey } from '../keys/pem.js';
import { allowedUrl, type TokenUrlPolicy } from '../outbound/url-policy.js';
import type { EndpointTarget } from '../discovery/token-endpoint.js';
import { fillUrl, placeholders, type TemplateValues } from '../exchange/templates.js';

/** The string fields of a POST /v1/connect body. */
export type ConnectForm = Record<string, string>;

const optional = (description: string) => z.string().optional().openapi({ description });

/**
 * POST /v1/connect's form, for the OpenAPI document. The route checks the state, the session and
 * the Origin first, and only then these fields (with the same schemas, field by field below), so
 * that even a form with a bad field ends on a completion page that tells the embedding page.
 */
export const connectFormSchema = z
  .object({
    session_token: z.string().openapi({ description: 'From POST /v1/sessions' }),
    state: z
      .string()
      .regex(STATE_PATTERN)
      .openapi({ description: '128 random bits as base64url, made by the element' }),
    client_id: clientId,
    client_secret: clientSecret.optional(),
    private_key: privateKey.optional().openapi({ description: 'PKCS#8 PEM, for private_key_jwt with a pasted key' }),
    key_id: keyIdField.optional(),
    certificate: certificateField.optional().openapi({
      description:
        "With private_key: the X.509 certificate (PEM) the key is uploaded as. It must be the key's own and valid now; assertions then name its thumbprints (x5t#S256, x5t), as Microsoft Entra ID requires",
    }),
    token_url: optional('An issuer URL or a token URL, unless the session locks it'),
    scope: optional('Space-separated scopes, unless the session locks them'),
    audience: optional('Unless the session locks params'),
    resource: optional('RFC 8707 resource indicator, unless the session locks params'),
    close_after: optional('Seconds before the completion page closes itself (0-600)'),
  })
  .openapi('ConnectForm');

/** One object schema per field, built once per isolate rather than on every request. */
const wrapped = new Map<string, z.ZodType>();

/** One field of the form, checked by its schema; the error names the field. */
function field<S extends z.ZodType>(name: string, schema: S, form: ConnectForm): z.output<S> {
  let object = wrapped.get(name);
  if (!object) wrapped.set(name, (object = z.object({ [name]: schema })));
  return (validated(object, { [name]: form[name] }) as Record<string, z.output<S>>)[name]!;
}

const MAX_CLOSE_AFTER = 600;

/** Seconds before the popup closes itself; null (stay open) when absent or out of range. */
export function closeAfterField(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const seconds = Number(value);
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_CLOSE_AFTER ? seconds : null;
}

const isLocked = (claims: SessionClaims, field: SessionClaims['locked'][number]) => claims.locked.includes(field);

/** What a profile field may hold: printable ASCII, as much as any provider's ids and names need. */
const MAX_FIELD_VALUE = 256;
const PRINTABLE = /^[\x20-\x7E]+$/;

/**
 * The values a profile's templates take: the host's (`values`) and what the person typed into
 * each of the session's `fields`, each required, checked against its `pattern` (an HTML pattern,
 * whole value) and, for a list, one of its options. Throws invalid_request naming the field.
 */
function templateValues(claims: SessionClaims, form: ConnectForm): TemplateValues {
  const values: TemplateValues = {};
  for (const [name, value] of Object.entries(claims.values ?? {})) values[name] = { value };
  for (const { name, label, pattern, options } of claims.fields ?? []) {
    const typed = form[name]?.trim() ?? '';
    if (!typed) throw invalidRequest(`${name} (${label}) is required`);
    if (typed.length > MAX_FIELD_VALUE || !PRINTABLE.test(typed)) {
      throw invalidRequest(`${name} (${label}) must be at most ${MAX_FIELD_VALUE} printable characters`);
    }
    if (options && !options.some((option) => option.value === typed)) {
      throw invalidRequest(`${name} (${label}) must be one of the listed values`);
    }
    if (pattern && !new RegExp(`^(?:${pattern})$`, 'v').test(typed)) {
      throw invalidRequest(`${name} (${label}) does not have the expected form`);
    }
    values[name] = { value: typed, field: name, listed: options !== undefined };
  }
  return values;
}

function endpointTarget(claims: SessionClaims, form: ConnectForm, values: TemplateValues): EndpointTarget | undefined {
  if (isLocked(claims, 'issuer') && claims.issuer) return { url: claims.issuer, discover: 'yes' };
  // A templated token URL is locked at mint: the fields make it, each value checked where it lands.
  if (claims.tokenUrl && placeholders(claims.tokenUrl).length > 0) {
    return { url: fillUrl(claims.tokenUrl, values), discover: 'no' };
  }
  if (isLocked(claims, 'tokenUrl') && claims.tokenUrl) return { url: claims.tokenUrl, discover: 'no' };
  const typed = form.token_url?.trim();
  if (typed && typed !== claims.tokenUrl) return { url: typed, discover: typed === claims.issuer ? 'yes' : 'try' };
  if (claims.tokenUrl) return { url: claims.tokenUrl, discover: 'no' };
  if (claims.issuer) return { url: claims.issuer, discover: 'yes' };
  return undefined;
}

/** Locked values come from the signed session; unlocked ones from the form, else the preset. */
function mergeValues(claims: SessionClaims, form: ConnectForm) {
  const locked = (field: SessionClaims['locked'][number]) => isLocked(claims, field);
  const typedScopes = locked('scopes') ? '' : (form.scope?.trim() ?? '');
  const scopes = typedScopes ? field('scope', scopeField, { scope: typedScopes }) : (claims.scopes ?? []);
  const params = locked('params')
    ? (claims.params ?? {})
    : validated(paramsSchema, {
        audience: form.audience?.trim() || claims.params?.audience,
        resource: form.resource?.trim() || claims.params?.resource,
        // Provider quirks the embedding organisation knows; the person never picks them.
        scopeSeparator: claims.params?.scopeSeparator,
        extra: claims.params?.extra,
      });
  return { scopes, params };
}

/**
 * What the client authenticates with, by the session's method: a Worker-held key (the person
 * enters only the client id), a pasted private key, or the client secret.
 */
async function credentialOf(claims: SessionClaims, form: ConnectForm): Promise<Credential> {
  if (claims.authMethod !== 'private_key_jwt') {
    return { kind: 'secret', secret: field('client_secret', clientSecret, form) };
  }
  if (claims.keyId) return { kind: 'worker_key', keyId: claims.keyId };
  const pem = canonicalPem(field('private_key', privateKey, form));
  // Read now, so a key that cannot sign is the person's error, not the provider's.
  await importPrivateKey(pem);
  // Optional: an empty field is an absent one.
  const keyId = form.key_id ? field('key_id', keyIdField, form) : undefined;
  const certificate = form.certificate?.trim()
    ? (await certificateForKey(field('certificate', certificateField, form), pem, nowSeconds())).pem
    : undefined;
  return { kind: 'pasted_key', pem, ...(keyId ? { keyId } : {}), ...(certificate ? { certificate } : {}) };
}

/**
 * What the connection keeps of the session's provider profile to exchange again the same way: the
 * request and answer shapes, and the values its templates take (parameters and headers are
 * filled per request). Nothing for a textbook RFC 6749 session.
 */
function profileOf(claims: SessionClaims, values: TemplateValues): { profile?: ExchangeProfile } {
  const plain = Object.fromEntries(Object.entries(values).map(([name, { value }]) => [name, value]));
  const profile: ExchangeProfile = {
    ...(claims.tokenRequest ? { tokenRequest: claims.tokenRequest } : {}),
    ...(claims.tokenResponse ? { tokenResponse: claims.tokenResponse } : {}),
    ...(Object.keys(plain).length > 0 ? { values: plain } : {}),
  };
  return Object.keys(profile).length > 0 ? { profile } : {};
}

/** The exchange a connect form asks for, before its token endpoint is settled (see token-endpoint.ts). */
export interface ConnectRequest {
  request: Omit<ExchangeRequest, 'tokenUrl'>;
  target: EndpointTarget;
  probe?: ProbeSpec;
}

/**
 * The exchange a connect form asks for, under its session's locks and the URL policy, and the
 * session's probe. Throws Failure (invalid_request, token_url_not_allowed) naming the field,
 * never echoing it. Makes no network call: the issuer, if any, is looked up after admission.
 */
export async function connectRequestOf(
  claims: SessionClaims,
  form: ConnectForm,
  policy: TokenUrlPolicy,
): Promise<ConnectRequest> {
  const clientIdValue = field('client_id', clientId, form);
  const credential = await credentialOf(claims, form);
  const { scopes, params } = mergeValues(claims, form);
  const values = templateValues(claims, form);
  const target = endpointTarget(claims, form, values);
  if (!target) throw invalidRequest('an issuer or token URL is required');
  // Vetted now, before admission, against the policy in force (it may have tightened since the
  // session was minted); the fetches vet every URL again before anything leaves.
  allowedUrl(target.url, policy, target.discover === 'no' ? 'the token URL' : 'the issuer or token URL');
  const probe = claims.probe && { ...claims.probe, url: allowedUrl(claims.probe.url, policy, 'probe.url').url.href };
  return {
    request: {
      clientId: clientIdValue,
      credential,
      scopes,
      params,
      authMethod: claims.authMethod,
      // A stored pair (reconnect) or a host's preset: the issuer is known without a lookup.
      ...(target.discover === 'no' && claims.issuer ? { issuer: claims.issuer } : {}),
      ...profileOf(claims, values),
    },
    target,
    ...(probe ? { probe } : {}),
  };
}
