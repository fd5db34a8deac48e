import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { resultMessage, STATE_PATTERN, type AttemptOutcome } from '../../protocol/index.js';
import type { AppEnv } from '../http/app-env.js';
import { errorBody, errors, routes } from '../http/openapi.js';
import { failureOf } from '../http/render-failure.js';
import { reflectOriginCors } from '../http/reflect-cors.js';
import { requireSession } from '../sessions/require-session.js';
import { failedOutcome, runAttempt, type ConnectVerdict } from './attempt.js';
import { renderCompletionPage } from './completion-page.js';
import { closeAfterField, connectFormSchema } from './connect-form.js';
import { resultMessageSchema } from './result-schema.js';

const wantsJson = (c: Context<AppEnv>) => c.req.header('accept')?.includes('application/json') ?? false;

/**
 * The one answer of POST /v1/connect, success or failure: the completion page (posting the
 * message to the session's exact origin), or with `Accept: application/json` the result message
 * itself; a request without a valid state addresses no attempt and gets a plain error body.
 */
function answer(c: Context<AppEnv>, outcome: AttemptOutcome, status: ConnectVerdict['status'], error?: object) {
  const state = c.get('body')?.state ?? '';
  const message = STATE_PATTERN.test(state) ? resultMessage(state, outcome) : null;
  // The page posts only to an origin the request proved (requireSession set the session after the Origin check).
  const verdict: ConnectVerdict = { outcome, message, origin: c.get('session')?.origin ?? null, status };
  if (wantsJson(c)) return message ? c.json(message, status) : c.json(error, status);
  const body = c.get('body') ?? {};
  const page = {
    closeAfter: closeAfterField(body.close_after),
    nonce: c.get('secureHeadersNonce') ?? '',
    // The session's language, once its signature held; else the browser's.
    locale: c.get('session')?.locale,
    acceptLanguage: c.req.header('accept-language'),
  };
  return c.html(renderCompletionPage(verdict, page), verdict.status);
}

/**
 * POST /v1/connect: the form the element targets at its popup (HTML answer), or the same
 * fields fetched with `Accept: application/json` for the no-popup mode. Its fields are checked
 * by connectFormSchema's parts inside the attempt, after the session and the Origin, so that even
 * a form with a bad field ends on a completion page that tells the embedding page.
 */
export const connectRoutes = routes();

connectRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/',
  tags: ['Connect'],
  operationId: 'connect',
  summary: 'Exchange the credentials a person entered, store the connection, answer the completion page',
  description:
    "Called by the element (a form posted to its popup, or fetch with Accept: application/json). Authorised by the session token in the body and the request's Origin. With Accept: application/json, every answer with a valid state is the attempt's result message (a failure too, with its status); one without a valid state is an Error.",
  security: [],
  request: {
    body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: connectFormSchema } } },
  },
  responses: Object.fromEntries(
    [200, 400, 401, 403, 409, 413, 429, 500, 502, 504].map((status) => [
      status,
      {
        description:
          status === 200
            ? 'Connected: the Authorization Complete page, or the result message as JSON'
            : `${errors(status)[status]!.description}: the Authorization Failed page, or the result message (an Error without a valid state)`,
        content: {
          'text/html': { schema: z.string().openapi({ description: 'The completion page' }) },
          'application/json': {
            schema: status === 200 ? resultMessageSchema : z.union([resultMessageSchema, errorBody]),
          },
        },
      },
    ]),
  ),
});

connectRoutes.use(reflectOriginCors(['POST'], ['Accept']));
connectRoutes.post('/', requireSession({ from: 'body' }), async (c) => answer(c, await runAttempt(c), 200));

// Every failure of the route, its session check included, ends on the same kind of answer as a
// success: the page still tells the embedding page (once the Origin proved who it is).
connectRoutes.onError((thrown, c) => {
  const failure = failureOf(thrown, c);
  if (failure.retryAfter !== undefined) c.header('Retry-After', String(failure.retryAfter));
  return answer(c, failedOutcome(failure), failure.status, failure.toJSON());
});
