import { z } from '@hono/zod-openapi';
import type { CreateSessionInput, SessionClaims } from '../../protocol/index.js';
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

const MAX_SESSION_TTL = 600;
const MIN_SESSION_TTL = 30;

/**
 * What a reconnect session takes from the connection it updates, so the request must not set it.
 * `keyId` may be set: a reconnect is what moves a connection to another Worker-held key.
 */
const FROM_THE_CONNECTION = ['tokenUrl', 'issuer', 'scopes', 'params', 'authMethod', 'locked'] as const;

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
    // A locked field without a preset value would lock the person out of it entirely.
    const missing = (body.locked ?? []).filter((field) => body[field] === undefined);
    if (missing.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['locked'], message: `fields need a preset value: ${missing.join(', ')}` });
    }
  })
  .openapi('CreateSessionInput');

contract<z.input<typeof sessionRequestSchema>, CreateSessionInput>();

export type SessionRequest = Omit<SessionClaims, 'v' | 'sid' | 'iat' | 'exp'> & { ttl: number };

/** A URL the Worker will call, vetted now so a session never carries one it would refuse. */
const vetted = (value: string, field: string, policy: TokenUrlPolicy) => allowedUrl(value, policy, field).url.href;

/**
 * The session a valid body asks for, with its defaults, and its URLs (token URL, issuer, probe)
 * run through the SSRF policy now. A `connectionId` asks for a reconnect session: the route fills
 * in the connection's stored values (session-presets.ts).
 */
export function sessionRequestOf(body: z.output<typeof sessionRequestSchema>, policy: TokenUrlPolicy): SessionRequest {
  const { tokenUrl, issuer, probe: probeSpec, authMethod: method, locked, ttl, ...rest } = body;
  return {
    ...rest,
    authMethod: method ?? 'client_secret_basic',
    locked: locked ?? [],
    ttl: ttl ?? MAX_SESSION_TTL,
    ...(tokenUrl ? { tokenUrl: vetted(tokenUrl, 'tokenUrl', policy) } : {}),
    ...(issuer ? { issuer: vetted(issuer, 'issuer', policy) } : {}),
    ...(probeSpec ? { probe: { ...probeSpec, url: vetted(probeSpec.url, 'probe.url', policy) } } : {}),
  };
}
