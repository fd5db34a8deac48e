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

/** The two ways to call the API: the host's backend (admin key) and the browser (session token). */
export const ADMIN_KEY = [{ AdminKey: [] }];
export const SESSION_TOKEN = [{ SessionToken: [] }];

export const errorBody = z
  .object({
    error: z.enum(ALL_ERROR_CODES).openapi({ description: 'A code of protocol/error-codes.ts' }),
    error_description: z.string().openapi({ description: 'What happened and what to do; never input or a secret' }),
  })
  .openapi('Error');
contract<z.output<typeof errorBody>, ErrorBody>();

const ERROR_MEANINGS: Record<number, string> = {
  400: 'The request is invalid (invalid_request names the field), or the provider rejected what was entered',
  401: 'No or a wrong admin key (unauthorized), or the session is invalid or expired',
  403: "The request's Origin is not the session's",
  404: 'No such connection (or key) for this tenant: another tenant’s reads alike',
  409: 'The connection is broken (the provider rejected its stored credentials) or its credentials cannot be read',
  413: 'The body is larger than 64 KiB (payload_too_large)',
  429: 'Too many attempts, or another attempt of this session is under way (rate_limited)',
  500: 'Our own fault (server_error) or a misconfigured deployment (server_misconfigured)',
  502: 'The provider failed, answered something malformed, or could not be reached',
  503: 'The token expired and the provider is failing: retry after the Retry-After header',
  504: 'The provider did not answer in time',
};

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The error answers a route can give, each with the Error schema. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, json(errorBody, ERROR_MEANINGS[status]!)]));
