import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { readForm } from '../http/read-body.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { runAttempt } from './attempt.js';
import { renderCompletionPage } from './completion-page.js';
import { closeAfterField } from './connect-form.js';

/**
 * POST /v1/connect: the form the element targets at its popup (HTML answer), or the same
 * fields fetched with `Accept: application/json` for the no-popup mode.
 */
export const connectRoutes = new Hono<AppEnv>().use(reflectOriginCors(['POST'], ['Accept'])).post('/', async (c) => {
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
