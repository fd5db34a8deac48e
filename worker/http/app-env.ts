import type { SessionClaims } from '../../protocol/index.js';
import type { Config } from '../config/config.js';

/** Hono's generics for every router of the Worker: bindings plus what middleware sets per request. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
    /** Cloudflare's ray id when there is one, else ours: in every log line and in `X-Request-Id`. */
    requestId: string;
    /** Set by requireSession on the routes the browser calls with a session token. */
    session: SessionClaims;
    /** The body requireSession read the session token from, for the handler. */
    body: Record<string, string>;
  };
}
