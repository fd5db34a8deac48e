import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { asFailure, Failure } from '../common/failure.js';
import { logUnexpected } from '../common/log.js';
import type { AppEnv } from './app-env.js';

/** The validators' own refusals, in our words (their messages are fixed texts, never input). */
function malformed({ status, message }: HTTPException): Failure {
  const why =
    status === 415
      ? 'the body has an unsupported content type'
      : /json/i.test(message)
        ? 'the body must be JSON'
        : 'the request is malformed';
  return new Failure(400, 'invalid_request', why);
}

/**
 * Anything a handler threw, as the Failure it stands for: ours as it is; Hono's own input
 * refusals (malformed JSON, a body of another content type) as invalid_request; anything else is
 * our fault (500 server_error), logged with its name, message, first frame and the request id.
 */
export function failureOf(thrown: unknown, c: Context<AppEnv>): Failure {
  if (thrown instanceof HTTPException && thrown.status < 500) return malformed(thrown);
  const failure = asFailure(thrown);
  if (failure.status >= 500 && failure.code === 'server_error') logUnexpected('unexpected', thrown, c.get('requestId'));
  return failure;
}

/** The one error answer of the API: RFC 6749 §5.2 JSON, with Retry-After and the Bearer challenge where they apply. */
export function renderFailure(thrown: unknown, c: Context<AppEnv>): Response {
  const failure = failureOf(thrown, c);
  if (failure.retryAfter !== undefined) c.header('Retry-After', String(failure.retryAfter));
  // RFC 6750 §3: a 401 for a missing or wrong admin key says which scheme to use.
  if (failure.code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="oauth-cc-connect"');
  return c.json(failure.toJSON(), failure.status);
}
