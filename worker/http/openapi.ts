import { OpenAPIHono, z } from '@hono/zod-openapi';
import { ALL_ERROR_CODES, type ErrorBody } from '../../protocol/index.js';
import { requireAdminKey } from './admin-auth.js';
import type { AppEnv } from './app-env.js';
import { contract } from './contract.js';
import { validationHook } from './validation-hook.js';

/** A feature's routes: every input validated by its schema, failures answered by the one hook. */
export const routes = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/**
 * The host backend's routes: the admin key is checked before anything else under their mount
 * point, so a caller without it learns nothing about that surface, an unknown path included (401).
 */
export const adminKeyRoutes = () => {
  const app = routes();
  app.use('*', requireAdminKey);
  return app;
};

/**
 * The two ways to call the API: the host's backend (admin key) and the browser (session token,
 * in a header on the result route); `PUBLIC` routes take no HTTP credentials (connect and discover
 * carry the session token in their body).
 */
export const ADMIN_KEY = [{ AdminKey: [] }];
export const SESSION_TOKEN = [{ SessionToken: [] }];
export const PUBLIC: [] = [];

export const errorBody = z
  .object({
    error: z.enum(ALL_ERROR_CODES).openapi({ description: 'A code of protocol/error-codes.ts' }),
    error_description: z.string().openapi({ description: 'What happened and what to do; never input or a secret' }),
  })
  .openapi('Error');
contract<z.output<typeof errorBody>, ErrorBody>();

/**
 * Headers documented once (components.headers, registered by openapi/document.ts) and referred to
 * by the answers that carry them.
 */
export const HEADER_COMPONENTS = {
  RequestId: {
    description: "Cloudflare's ray id, or ours: in every log line of the request; quote it when reporting a problem",
    required: true,
    schema: { type: 'string' },
  },
  BearerChallenge: {
    description: 'RFC 6750 §3: the scheme to authenticate with, `Bearer realm="oauth-cc-connect"`',
    required: true,
    schema: { type: 'string' },
  },
} as const;

const headerRef = (name: keyof typeof HEADER_COMPONENTS) => ({ $ref: `#/components/headers/${name}` });

/** Retry-After (RFC 9110 §10.2.3) in seconds; `required` when every answer of that status sends it. */
export const retryAfter = (description: string, required: boolean) => ({
  'Retry-After': { description, required, schema: { type: 'integer' as const, minimum: 0 } },
});

type Headers = Record<string, { $ref: string } | { description: string; required: boolean; schema: object }>;
type Content = Record<string, { schema: z.ZodType }>;

/** One answer: its description, X-Request-Id (every answer carries it), its other headers, its body if any. */
export const answer = (description: string, content?: Content, headers: Headers = {}) => ({
  description,
  headers: { 'X-Request-Id': headerRef('RequestId'), ...headers },
  ...(content ? { content } : {}),
});

export const json = <S extends z.ZodType>(schema: S, description: string, headers?: Headers) =>
  answer(description, { 'application/json': { schema } }, headers);

const ERROR_MEANINGS = {
  400: 'The request is invalid (invalid_request names the field)',
  401: 'The session token is invalid (session_invalid) or has expired (session_expired)',
  403: "The request's Origin is not the session's (origin_not_allowed)",
  404: 'No such connection (or key) for this tenant: another tenant’s reads alike (not_found)',
  409: 'The connection is broken (the provider rejected its stored credentials), or its credentials cannot be read (credentials_unreadable)',
  413: 'The body is larger than 64 KiB (payload_too_large): refused before it is read, on every route',
  429: 'Too many attempts with this session, or another one of its attempts is under way (rate_limited)',
  500: 'Our own fault (server_error), or a misconfigured deployment (server_misconfigured): possible on every route',
  502: 'The provider failed, answered something malformed, or could not be reached',
  503: 'The token has expired and the provider is failing: retry after Retry-After',
  504: 'The provider did not answer in time',
} as const;

export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** The meaning of an error status in every route's words; a route may say more of its own. */
export const errorMeaning = (status: ErrorStatus) => ERROR_MEANINGS[status];

/** An error answer: the Error schema as JSON. */
export const error = (description: string, headers?: Headers) => json(errorBody, description, headers);

/**
 * The error answers of a route: those it names, plus the two every route can give (413 before a
 * body is read, 500), each with the Error schema. 503 carries Retry-After.
 */
export const errors = (...statuses: ErrorStatus[]) =>
  Object.fromEntries(
    [...new Set([...statuses, 413, 500] as const)].map((status) => [
      status,
      error(
        ERROR_MEANINGS[status],
        status === 503 ? retryAfter('Seconds until the next attempt upstream', true) : undefined,
      ),
    ]),
  );

/** The errors of an admin route: those of `errors`, and 401 with its Bearer challenge when the admin key is missing or wrong. */
export const adminErrors = (...statuses: Exclude<ErrorStatus, 401>[]) => ({
  ...errors(...statuses),
  401: error('No admin key, or a wrong one (unauthorized)', { 'WWW-Authenticate': headerRef('BearerChallenge') }),
});
