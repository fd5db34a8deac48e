import { z } from '@hono/zod-openapi';
import { errors, routes } from '../http/openapi.js';
import { readForm } from '../http/read-body.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { runAttempt } from './attempt.js';
import { renderCompletionPage } from './completion-page.js';
import { closeAfterField, connectFormSchema } from './connect-form.js';
import { resultMessageSchema } from './result-schema.js';

/**
 * POST /v1/connect: the form the element targets at its popup (HTML answer), or the same
 * fields fetched with `Accept: application/json` for the no-popup mode. Its fields are validated
 * by connectFormSchema's parts inside the attempt, after the session and the Origin (so it is
 * documented here rather than validated at the edge).
 */
export const connectRoutes = routes();

connectRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/',
  tags: ['Connect'],
  summary: 'Exchange the credentials a person entered, store the connection, answer the completion page',
  description:
    "Called by the element (a form posted to its popup, or fetch with Accept: application/json). Authorised by the session token in the body and the request's Origin.",
  request: {
    body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: connectFormSchema } } },
  },
  responses: {
    200: {
      description: 'Connected: the Authorization Complete page, or the result message as JSON',
      content: { 'text/html': { schema: z.string() }, 'application/json': { schema: resultMessageSchema } },
    },
    ...errors(400, 401, 403, 409, 413, 429, 500, 502, 504),
  },
});

connectRoutes.use(reflectOriginCors(['POST'], ['Accept']));
connectRoutes.post('/', async (c) => {
  const form = await readForm(c);
  const verdict = await runAttempt(c.env, c.get('config'), form, c.req.header('origin'));
  const { outcome, message, status } = verdict;
  if (c.req.header('accept')?.includes('application/json')) {
    // Without a valid state there is no attempt to address: the answer is a plain API error.
    if (!message && outcome.status === 'failed') {
      return c.json({ error: outcome.error.code, error_description: outcome.error.message }, status);
    }
    return c.json(message, status);
  }
  const page = { closeAfter: closeAfterField(form.close_after), nonce: c.get('secureHeadersNonce') ?? '' };
  return c.html(renderCompletionPage(verdict, page), status);
});
