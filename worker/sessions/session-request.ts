import { z } from '@hono/zod-openapi';
import type { CreateSessionInput, SessionClaims } from '../../protocol/index.js';
import { invalidRequest } from '../common/failure.js';
import { contract } from '../http/contract.js';
import {
  authMethod,
  callableUrl,
  connectionId,
  keyId,
  lockedFields,
  origin,
  params,
  probe,
  scopeList,
  tenant,
} from '../http/fields.js';
import { allowedUrl, type TokenUrlPolicy } from '../outbound/url-policy.js';
import { fillUrl, placeholders, type TemplateValues } from '../exchange/templates.js';
import {
  profileFields,
  profileValues,
  tokenRequestShape,
  tokenResponseShape,
  unknownPlaceholders,
} from '../providers/profile-schema.js';
import { withPreset } from './provider-preset.js';

const MAX_SESSION_TTL = 600;
const MIN_SESSION_TTL = 30;

/**
 * What a reconnect session takes from the connection it updates, so the request must not set it.
 * `keyId` may be set: a reconnect is what moves a connection to another Worker-held key.
 */
const FROM_THE_CONNECTION = [
  'tokenUrl',
  'issuer',
  'scopes',
  'params',
  'authMethod',
  'locked',
  'provider',
  'fields',
  'values',
  'tokenRequest',
  'tokenResponse',
] as const;

/** The body of POST /v1/sessions. Unknown fields are refused: a misspelt one would otherwise be lost silently. */
export const sessionRequestSchema = z
  .strictObject({
    tenant,
    origin,
    tokenUrl: callableUrl.optional(),
    issuer: callableUrl.optional(),
    scopes: scopeList.optional(),
    params: params.optional(),
    authMethod: authMethod.optional(),
    keyId: keyId.optional(),
    probe: probe.optional(),
    locked: lockedFields.optional(),
    ttl: z
      .number({ error: `must be an integer from ${MIN_SESSION_TTL} to ${MAX_SESSION_TTL} seconds` })
      .int({ error: `must be an integer from ${MIN_SESSION_TTL} to ${MAX_SESSION_TTL} seconds` })
      .min(MIN_SESSION_TTL, { error: `must be an integer from ${MIN_SESSION_TTL} to ${MAX_SESSION_TTL} seconds` })
      .max(MAX_SESSION_TTL, { error: `must be an integer from ${MIN_SESSION_TTL} to ${MAX_SESSION_TTL} seconds` })
      .optional(),
    connectionId: connectionId.optional(),
    provider: z
      .string({ error: 'must be a preset id from GET /v1/providers' })
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be a preset id from GET /v1/providers' })
      .optional(),
    fields: profileFields.optional(),
    values: profileValues.optional(),
    tokenRequest: tokenRequestShape.optional(),
    tokenResponse: tokenResponseShape.optional(),
    locale: z
      .string({ error: 'must be a language tag such as de or fr-CA' })
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, { error: 'must be a language tag such as de or fr-CA' })
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.keyId !== undefined && body.authMethod !== 'private_key_jwt' && body.connectionId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['keyId'], message: 'needs authMethod "private_key_jwt"' });
    }
    if (body.connectionId !== undefined) {
      const conflicting = FROM_THE_CONNECTION.filter((field) => body[field] !== undefined);
      if (conflicting.length > 0) {
        const message = `takes ${conflicting.join(', ')} from the connection it updates`;
        ctx.addIssue({ code: 'custom', path: ['connectionId'], message });
      }
    }
  })
  .openapi('CreateSessionInput');

contract<z.input<typeof sessionRequestSchema>, CreateSessionInput>();

export type SessionRequest = Omit<SessionClaims, 'v' | 'sid' | 'iat' | 'exp'> & { ttl: number };

/**
 * Every placeholder names something that will have a value: a field the person types or a value
 * the host set (headers may also use `{client_id}` and `{uuid}`); a field and a value never share
 * a name (the host's value would hide the field).
 */
function checkTemplates(request: Pick<SessionRequest, 'tokenUrl' | 'params' | 'fields' | 'values' | 'tokenRequest'>) {
  const fieldNames = (request.fields ?? []).map((field) => field.name);
  const shared = fieldNames.filter((name) => Object.hasOwn(request.values ?? {}, name));
  if (shared.length > 0) throw invalidRequest(`values names a field the person types: ${shared.join(', ')}`);
  const known = new Set([...fieldNames, ...Object.keys(request.values ?? {})]);
  const { audience, resource, extra } = request.params ?? {};
  const unknown = unknownPlaceholders(
    [
      ...[request.tokenUrl, audience, resource, ...Object.values(extra ?? {})]
        .filter((t) => t !== undefined)
        .map((t) => ({ text: t! })),
      ...Object.values(request.tokenRequest?.headers ?? {}).map((t) => ({ text: t, header: true })),
    ],
    known,
  );
  if (unknown.length > 0) throw invalidRequest(`templates name neither a field nor a value: ${unknown.join(', ')}`);
}

/** A URL the Worker will call, vetted now so a session never carries one it would refuse. */
const vetted = (value: string, field: string, policy: TokenUrlPolicy) => allowedUrl(value, policy, field).url.href;

/**
 * A templated token URL, vetted as the URLs it can make: each placeholder filled with a value it
 * could take (the host's value, a field's first option, else a plain label), then the URL
 * policy. A template whose every filling the policy refuses (an IP host, http, a port) is refused
 * now rather than at connect.
 */
function vettedTemplate(template: string, request: Pick<SessionRequest, 'fields' | 'values'>, policy: TokenUrlPolicy) {
  const sample: TemplateValues = {};
  for (const field of request.fields ?? []) {
    sample[field.name] = { value: field.options?.[0]?.value ?? 'example', listed: field.options !== undefined };
  }
  for (const [name, value] of Object.entries(request.values ?? {})) sample[name] = { value };
  allowedUrl(fillUrl(template, sample), policy, 'tokenUrl');
  return template;
}

/**
 * The session a valid body asks for: a catalog preset expanded (`provider`; the body's own
 * members override the preset's), its defaults, its URLs (token URL, issuer, probe) run through
 * the SSRF policy now, and its templates checked: every placeholder names a field or a value. A
 * templated token URL is locked (the fields make it). A `connectionId` asks for a reconnect
 * session: the route fills in the connection's stored values (session-presets.ts).
 */
export function sessionRequestOf(body: z.output<typeof sessionRequestSchema>, policy: TokenUrlPolicy): SessionRequest {
  const { provider, tokenUrl, issuer, probe: probeSpec, authMethod: method, locked, ttl, ...rest } = withPreset(body);
  const request = { ...rest, authMethod: method ?? 'client_secret_basic', ttl: ttl ?? MAX_SESSION_TTL };
  const templated = tokenUrl !== undefined && placeholders(tokenUrl).length > 0;
  const lockedFields = new Set(locked ?? []);
  if (templated) lockedFields.add('tokenUrl');
  // A locked field without a preset value would lock the person out of it entirely.
  const missing = [...lockedFields].filter((field) => ({ tokenUrl, issuer, ...rest })[field] === undefined);
  if (missing.length > 0) throw invalidRequest(`locked fields need a preset value: ${missing.join(', ')}`);
  checkTemplates({ tokenUrl, ...rest });
  return {
    ...request,
    locked: [...lockedFields],
    ...(provider ? { provider } : {}),
    ...(tokenUrl
      ? { tokenUrl: templated ? vettedTemplate(tokenUrl, rest, policy) : vetted(tokenUrl, 'tokenUrl', policy) }
      : {}),
    ...(issuer ? { issuer: vetted(issuer, 'issuer', policy) } : {}),
    ...(probeSpec ? { probe: { ...probeSpec, url: vetted(probeSpec.url, 'probe.url', policy) } } : {}),
  };
}
