import { z } from '@hono/zod-openapi';
import { AUTH_METHODS, LOCKABLE_FIELDS, type SessionClaims } from '../../protocol/index.js';
import { contract } from '../http/contract.js';
import { params } from '../http/fields.js';
import { profileField, tokenRequestShape, tokenResponseShape } from '../providers/profile-schema.js';

/**
 * A verified session token's claims, checked rather than cast: the Worker signed them, but a
 * claim of the wrong type (a token minted by an older release, a leaked signing key) must be a
 * refused session, never an exception deep in a handler.
 */
const sessionClaims = z.object({
  v: z.literal(1),
  sid: z.string(),
  tenant: z.string(),
  origin: z.string(),
  iat: z.number(),
  exp: z.number(),
  authMethod: z.enum(AUTH_METHODS),
  locked: z.array(z.enum(LOCKABLE_FIELDS)),
  tokenUrl: z.string().optional(),
  issuer: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  params: params.optional(),
  probe: z
    .object({ url: z.string(), method: z.enum(['GET', 'HEAD']), expectStatus: z.array(z.number()).optional() })
    .optional(),
  keyId: z.string().optional(),
  connectionId: z.string().optional(),
  clientId: z.string().optional(),
  provider: z.object({ id: z.string(), name: z.string(), docs: z.string(), instructions: z.string() }).optional(),
  fields: z.array(profileField).optional(),
  values: z.record(z.string(), z.string()).optional(),
  tokenRequest: tokenRequestShape.optional(),
  tokenResponse: tokenResponseShape.optional(),
  locale: z.string().optional(),
});
contract<z.output<typeof sessionClaims>, SessionClaims>();

/** The claims, if they have the shape the Worker signs; else null (the session is invalid). */
export function checkedClaims(claims: unknown): SessionClaims | null {
  const parsed = sessionClaims.safeParse(claims);
  return parsed.success ? parsed.data : null;
}
