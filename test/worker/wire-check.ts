// Every answer a test of this suite receives is checked against GET /v1/openapi.json (status,
// content type, body schema, headers: test/support/openapi-wire.mjs), and a test whose answers
// differ from the document fails. Both ways the tests call the Worker pass through here: SELF
// (the Worker's own fetch handler, wrapped below) and `createApp().request(...)` (each app
// created in a test file is wrapped by the mock below). Nothing in the calling tests changes.
import { env } from 'cloudflare:workers';
import { afterAll, afterEach, expect, vi } from 'vitest';
import development from '../../worker/dev.js';
import { wireChecker, type WireAnswer, type WireChecker } from '../support/openapi-wire.mjs';

type App = ReturnType<typeof import('../../worker/app.js').createApp>;
type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

/** Answers read so far in this file: checked against an operation, or matching none (unknown routes, the sandbox, preflights). */
export const wireCheckCounts = { checked: 0, unmatched: 0 };

let checker: WireChecker | undefined;
/** Answers received since the last comparison. */
let received: WireAnswer[] = [];
/** A response reaches here once per wrapper it passed through: SELF's handler may be an app's wrapped fetch. */
const seen = new WeakSet<Response>();

/** The document, as the Worker serves it, from an app no test touches. */
async function loadChecker(): Promise<WireChecker> {
  const { createApp } = await vi.importActual<typeof import('../../worker/app.js')>('../../worker/app.js');
  const response = await createApp().request('http://127.0.0.1/v1/openapi.json', {}, env);
  return wireChecker(await response.json());
}

/**
 * `fetch` that keeps a copy of every answer. The copy is read before the answer is handed on:
 * SELF's handler runs in the request's own I/O context, where the body must be read; the
 * comparison runs later in the test's (see `differences`).
 */
function checked<F extends Fetch>(fetch: F): F {
  return (async (request: Request, ...rest: never[]) => {
    const response = await fetch(request, ...rest);
    if (!seen.has(response)) {
      seen.add(response);
      const body = await response.clone().text();
      const headers = Object.fromEntries(response.headers);
      received.push({ method: request.method, url: request.url, status: response.status, headers, body });
    }
    return response;
  }) as F;
}

// Wrapped once over the original: a worker runs this file again before each test file, and the
// Worker's module (kept from file to file, vitest.config.ts) must not gather a wrapper per file.
const ORIGINAL = Symbol.for('oauth-cc-connect.wire-check.original-fetch');
const handler = development as { fetch: Fetch; [ORIGINAL]?: Fetch };
handler[ORIGINAL] ??= handler.fetch;
handler.fetch = checked(handler[ORIGINAL]);

vi.mock(import('../../worker/app.js'), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    createApp: (...args: Parameters<typeof original.createApp>): App => {
      const app = original.createApp(...args);
      // Hono's `request()` calls the instance's `fetch`, so wrapping it covers both.
      app.fetch = checked(app.fetch as Fetch) as App['fetch'];
      return app;
    },
  };
});

/** What the answers received so far say that the document does not. */
async function differences(): Promise<string[]> {
  const answers = received;
  received = [];
  if (answers.length === 0) return [];
  checker ??= await loadChecker();
  return answers.flatMap((answer) => {
    const found = checker!.check(answer);
    if (found === null) wireCheckCounts.unmatched += 1;
    else wireCheckCounts.checked += 1;
    return found ?? [];
  });
}

afterEach(async () => {
  expect(await differences(), 'answers that differ from GET /v1/openapi.json').toEqual([]);
});

// Answers that arrived after their test ended (a request left running) still count.
afterAll(async () => {
  expect(await differences(), 'answers that differ from GET /v1/openapi.json').toEqual([]);
});
