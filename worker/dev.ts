// The development Worker (`wrangler dev`, `npm start`, the tests): the production app plus the
// sandbox provider and its session minting for the demo page. wrangler.toml's top level points
// here; its production environment points at index.ts, so no sandbox code is deployed.
import { createApp } from './app.js';
import { isLoopbackHost } from './common/loopback.js';
import { entry } from './entry.js';
import { setTransport } from './outbound/outbound-fetch.js';
import { sandboxRoutes } from './sandbox/routes.js';

export { TokenRefresher } from './connections/token-refresher.js';

const app = createApp((app) => app.route('/sandbox', sandboxRoutes));

/** The port this Worker is reached on (constant for a `wrangler dev`), and its bindings. */
let self: { port: string; env: Env } | undefined;

/**
 * Answers a request of this Worker's to itself in process: its sandbox provider's token
 * endpoint, metadata and API, and its own JWKS when the sandbox checks a client assertion. Over
 * the network each would cross wrangler dev's proxy twice, Worker to proxy to Worker, and on both
 * hops the two ends close an idle pooled connection after the same 5 s, so now and then a request
 * is written to one as it closes and lost (cloudflare/workers-sdk#14641): a sandbox attempt that
 * failed for no reason of the sandbox's. The exchange's URL policy, limits and timeout apply as
 * before; only the transport differs.
 */
function answerItself(request: Request, { env }: { env: Env }, signal?: AbortSignal | null): Promise<Response> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    // The caller's deadline ends the wait (the answer may still come, and is dropped).
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    Promise.resolve(app.fetch(request, env)).then(resolve, reject);
  });
}

setTransport((input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  return self && url.port === self.port && isLoopbackHost(url.hostname)
    ? answerItself(new Request(input, init), self, init?.signal)
    : fetch(input, init);
});

export default entry({
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => {
    self ??= { port: new URL(request.url).port, env };
    return app.fetch(request, env, ctx);
  },
});
