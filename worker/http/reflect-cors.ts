import { cors } from 'hono/cors';

/**
 * CORS that lets the calling page read the answer. Safe where the route's security is not
 * CORS: the connect routes check the signed session's origin themselves, and their answers carry
 * no credentials-bound data, so reflecting the Origin reveals nothing to another page.
 */
export const reflectOriginCors = (allowMethods: string[], allowHeaders: [string, ...string[]]) =>
  cors({
    // An opaque origin ("null": sandboxed frames, files) names no page, so nothing is granted to it.
    origin: (origin) => (origin && origin !== 'null' ? origin : null),
    allowMethods,
    // Never empty: Hono echoes whatever headers a preflight asks for when the list is empty.
    allowHeaders,
    maxAge: 600,
  });

/**
 * CORS for the public, cacheable routes (the catalog, a tenant's JWKS, a key's certificate): any
 * page may read them, answers and refusals alike, as they hold nothing secret and carry no
 * credentials.
 */
export const publicCors = cors({ origin: '*', allowMethods: ['GET', 'HEAD'], allowHeaders: ['Accept'], maxAge: 3600 });
