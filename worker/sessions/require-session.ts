import { createMiddleware } from 'hono/factory';
import { Failure } from '../common/failure.js';
import { nowSeconds } from '../common/clock.js';
import type { AppEnv } from '../http/app-env.js';
import { bearerToken } from '../http/bearer-token.js';
import { readFields } from '../http/read-body.js';
import { verifySessionSignature } from './session-token.js';

interface SessionRule {
  /** Where the browser puts the token: `Authorization: Bearer` (never the URL), or the body's `session_token`. */
  from: 'authorization' | 'body';
  /** Body routes: whether a JSON object is accepted besides a form. */
  json?: boolean;
  /** The result channel reads its own attempts after the session expired (they are kept 10 minutes). */
  expired?: 'allow';
}

/**
 * The one session check of the routes the browser calls (connect, discover, result): the token's
 * signature, then the request's Origin against the session's exact origin (a missing or opaque
 * one cannot prove where a body came from; a header-token request without one is not a
 * browser's), then its expiry. Sets `session`, and `body` when the token came in it.
 */
export const requireSession = ({ from, json = false, expired }: SessionRule) =>
  createMiddleware<AppEnv>(async (c, next) => {
    let token: string;
    if (from === 'body') {
      const body = await readFields(c, { json });
      c.set('body', body);
      token = body.session_token ?? '';
    } else {
      token = bearerToken(c.req.header('authorization'));
    }
    const claims = token ? await verifySessionSignature(token, c.get('config').sessionSigningKey) : null;
    if (!claims) throw new Failure(401, 'session_invalid');
    const origin = c.req.header('origin');
    if (from === 'body' ? origin !== claims.origin : origin !== undefined && origin !== claims.origin) {
      throw new Failure(403, 'origin_not_allowed');
    }
    c.set('session', claims);
    if (expired !== 'allow' && claims.exp <= nowSeconds()) throw new Failure(401, 'session_expired');
    await next();
  });
