import type { Config } from './config.js';

/** Hono's generics for every router of the Worker: bindings plus the per-request config. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: Config };
}
