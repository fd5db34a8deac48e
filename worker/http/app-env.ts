import type { SessionClaims } from '../../protocol/index.js';
import type { Config } from './config.js';

/** Hono's generics for every router of the Worker: bindings plus the per-request config. */
export interface AppEnv {
  Bindings: Env;
  /** `session`: set by the session-token middleware on the routes the browser calls with one. */
  Variables: { config: Config; session: SessionClaims };
}
