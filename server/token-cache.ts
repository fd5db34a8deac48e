import type { AccessToken } from '../protocol/index.js';

/** A token is handed out until this long before its expires_at, so it never expires in flight. */
const EXPIRY_MARGIN_SECONDS = 30;

/** The request in flight for one connection, and whether it asked the Worker for a new token. */
interface InFlight {
  answer: Promise<AccessToken>;
  forced: boolean;
}

/**
 * Access tokens in the caller's process, by connection: reused until shortly before they expire,
 * and one request shared by concurrent callers. A forced call comes from a caller whose token was
 * just refused, and an unforced request already in flight may well be bringing that very token:
 * so a forced call shares only another forced request, while an unforced call may share either.
 * Only the newest request for a connection may fill the cache; an older one that answers later
 * answers its own callers and nothing else.
 */
export class TokenCache {
  readonly #tokens = new Map<string, AccessToken>();
  readonly #inFlight = new Map<string, InFlight>();

  get(key: string, force: boolean, fetchToken: () => Promise<AccessToken>): Promise<AccessToken> {
    const kept = this.#tokens.get(key);
    if (!force && kept && kept.expires_at - EXPIRY_MARGIN_SECONDS > Date.now() / 1000) return Promise.resolve(kept);
    const shared = this.#inFlight.get(key);
    if (shared && (shared.forced || !force)) return shared.answer;
    if (force) this.#tokens.delete(key);
    // Whether this request is still the connection's newest when it answers (a forced call or
    // forget() may have superseded it meanwhile).
    const newest = () => this.#inFlight.get(key)?.answer === answer;
    const answer: Promise<AccessToken> = fetchToken()
      .then((token) => {
        if (newest()) this.#tokens.set(key, token);
        return token;
      })
      .finally(() => {
        if (newest()) this.#inFlight.delete(key);
      });
    this.#inFlight.set(key, { answer, forced: force });
    return answer;
  }

  /** Drops the connection's token, and any request in flight from filling the cache when it answers. */
  forget(key: string): void {
    this.#tokens.delete(key);
    this.#inFlight.delete(key);
  }
}
