import { cors } from 'hono/cors';

/**
 * CORS that lets the calling page read the answer. Safe where the route's security is not
 * CORS: the connect routes check the signed session's origin themselves, and their answers carry
 * no credentials-bound data, so reflecting the Origin reveals nothing to another page.
 */
export const reflectOriginCors = (allowMethods: string[], allowHeaders: string[] = []) =>
  cors({ origin: (origin) => origin || null, allowMethods, allowHeaders, maxAge: 600 });
