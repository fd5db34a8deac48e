import type { AccessToken } from '../protocol/index.js';

/** A token is handed out until this long before its expires_at, so it never expires in flight. */
const EXPIRY_MARGIN_SECONDS = 30;

/**
 * Access tokens in the caller's process, by connection: reused until shortly before they expire,
 * and one request shared by every concurrent caller.
 */
export class TokenCache {
  readonly #tokens = new Map<string, AccessToken>();
  readonly #inFlight = new Map<string, Promise<AccessToken>>();

  get(key: string, force: boolean, fetchToken: () => Promise<AccessToken>): Promise<AccessToken> {
    const kept = this.#tokens.get(key);
    if (!force && kept && kept.expires_at - EXPIRY_MARGIN_SECONDS > Date.now() / 1000) return Promise.resolve(kept);
    if (force) this.#tokens.delete(key);
    const shared = this.#inFlight.get(key);
    if (shared) return shared;
    const request = fetchToken()
      .then((token) => {
        this.#tokens.set(key, token);
        return token;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, request);
    return request;
  }

  forget(key: string): void {
    this.#tokens.delete(key);
  }
}
