import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { resultMessage, STATE_PATTERN, type AttemptOutcome } from '../../protocol/index.js';
import type { AppEnv } from '../http/app-env.js';
import { answer as documented, errorBody, errorMeaning, errors, PUBLIC, retryAfter, routes } from '../http/openapi.js';
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

/** What each failure of the route means here, besides its code's own advice on the page. */
const FAILURES = {
  400:
    errorMeaning(400) +
    ', or the provider rejected what was entered (its RFC 6749 §5.2 code), or the probe was refused',
  401: errorMeaning(401) + ', or it has already connected',
  403: errorMeaning(403),
  409: 'The connection a reconnect session updates was deleted (session_invalid), or its Worker-held key cannot be read (credentials_unreadable)',
  429: errorMeaning(429),
  500: errorMeaning(500) + '; a misconfigured deployment answers the Error as JSON whatever the Accept header says',
  502: errorMeaning(502),
  504: errorMeaning(504),
} as const;

/** The completion page, or with `Accept: application/json` the result message (an Error for a request with no valid state). */
const connectAnswer = (status: keyof typeof FAILURES | 200, description: string) =>
  documented(
    description,
    {
      'text/html': { schema: z.string().openapi({ description: 'The completion page' }) },
      'application/json': {
        schema: status === 200 ? resultMessageSchema : z.union([resultMessageSchema, errorBody]),
      },
    },
    status === 502 ? retryAfter("The provider's own Retry-After, when it sent one", false) : undefined,
  );

connectRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/',
  tags: ['Connect'],
  operationId: 'connect',
  summary: 'Exchange the credentials a person entered, store the connection, answer the completion page',
  description:
    "Called by the element (a form posted to its popup, or fetch with Accept: application/json). Authorised by the session token in the body and the request's Origin. With Accept: application/json, every answer with a valid state is the attempt's result message (a failure too, with its status); one without a valid state is an Error. A body over 64 KiB is refused before it is read, as an Error in JSON whatever the Accept header says.",
  security: PUBLIC,
  request: {
    body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: connectFormSchema } } },
  },
  responses: {
    200: connectAnswer(200, 'Connected: the Authorization Complete page, or the result message as JSON'),
    ...Object.fromEntries(
      Object.entries(FAILURES).map(([status, meaning]) => [
        status,
        connectAnswer(
          Number(status) as keyof typeof FAILURES,
          `${meaning}: the Authorization Failed page, or the result message`,
        ),
      ]),
    ),
    413: errors()[413]!,
  },
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
