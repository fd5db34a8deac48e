import { DurableObject } from 'cloudflare:workers';
import type { ErrorCode } from '../protocol/index.js';
import {
  openAccessToken,
  openExchangeRequest,
  readConnection,
  saveRefreshedToken,
  saveRefreshFailure,
  type ConnectionRecord,
} from './connection-store.js';
import { nowSeconds } from './clock.js';
import { exchangeClientCredentials } from './exchange.js';
import { loggedFailure } from './log.js';
import { KeyRingError } from './secret-box.js';
import type { ExchangeFailure, ExchangeOptions } from './exchange-types.js';
import { isExpired, needsRefresh } from './token-lifetime.js';

/** The token API's answer (RFC 6749 §5.1 names; `expires_at` in epoch seconds). */
export interface TokenView {
  access_token: string;
  token_type: string;
  expires_at: number;
  scope: string;
}

/**
 * oauth4webapi lower-cases token_type. The value is case-insensitive (RFC 6749 §7.1), but
 * callers paste it into `Authorization: <type> <token>` and some APIs only accept "Bearer"
 * (RFC 6750 §2.1's spelling), so that spelling is what we hand out.
 */
export const displayTokenType = (tokenType: string) => (tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType);

export type TokenOutcome =
  | { ok: true; token: TokenView }
  | { ok: false; status: 404 | 409 | 503; code: ErrorCode | 'not_found'; description: string; retryAfter?: number };

export interface RefreshRequest {
  connectionId: string;
  tenant: string;
  /** From the Worker's config, decided by the route for this connection's token URL. */
  exchange: ExchangeOptions;
  defaultTtlSeconds: number;
}

/**
 * Failures a later call could get past without anyone reconnecting. Every other code means the
 * stored credentials or settings are wrong, and asking again would only repeat the rejection.
 */
const TRANSIENT_CODES = new Set<ErrorCode>(['provider_unavailable', 'network_error', 'invalid_response']);
/** Pause after a transient failure whose provider gave no Retry-After. */
export const DEFAULT_RETRY_SECONDS = 10;
/** A Retry-After longer than this is capped, so one odd header cannot park a connection for days. */
export const MAX_RETRY_SECONDS = 3600;

export const isBroken = (record: Pick<ConnectionRecord, 'lastError'>) =>
  record.lastError !== null && !TRANSIENT_CODES.has(record.lastError);

export type TokenDecision =
  | { action: 'serve' }
  | { action: 'broken' }
  | { action: 'wait'; retryAfter: number }
  | { action: 'refresh' };

/**
 * What to do for a token request, from the row alone (pure). A broken connection answers its
 * error until reconnected; a token before 75 % of its life is served; after a transient
 * failure nothing calls upstream before retry_not_before, and a token that has not yet
 * expired is still served meanwhile.
 */
export function decideToken(record: ConnectionRecord, now: number): TokenDecision {
  if (isBroken(record)) return { action: 'broken' };
  if (!needsRefresh(record, now)) return { action: 'serve' };
  if (record.retryNotBefore !== null && now < record.retryNotBefore) {
    return isExpired(record, now) ? { action: 'wait', retryAfter: record.retryNotBefore - now } : { action: 'serve' };
  }
  return { action: 'refresh' };
}

export function brokenOutcome(record: ConnectionRecord): TokenOutcome {
  return {
    ok: false,
    status: 409,
    code: record.lastError ?? 'invalid_client',
    description: `${record.lastErrorMessage ?? ''} The connection must be reconnected.`.trim(),
  };
}

export function waitOutcome(record: ConnectionRecord, retryAfter: number): TokenOutcome {
  return {
    ok: false,
    status: 503,
    code: record.lastError ?? 'provider_unavailable',
    description: `${record.lastErrorMessage ?? ''} The token has expired; try again in ${retryAfter} s.`.trim(),
    retryAfter,
  };
}

export async function servedOutcome(record: ConnectionRecord, keyRing: string): Promise<TokenOutcome> {
  return {
    ok: true,
    token: {
      access_token: await openAccessToken(record, keyRing),
      token_type: displayTokenType(record.tokenType),
      expires_at: record.expiresAt,
      scope: record.tokenScopes.join(' '),
    },
  };
}

/**
 * One instance per connection (`idFromName(connectionId)`). Cloudflare runs each Durable Object
 * in exactly one place, so every isolate's refresh for a connection meets here: callers that
 * arrive while an exchange is in flight share its promise, and a caller that arrives after it
 * re-reads the row and finds the new token. One upstream request however many callers wait.
 */
export class TokenRefresher extends DurableObject<Env> {
  private inFlight: Promise<TokenOutcome> | undefined;

  async token(request: RefreshRequest): Promise<TokenOutcome> {
    if (!this.inFlight) {
      this.inFlight = this.refresh(request).finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /** Read here rather than passed in, so the key ring never travels in an RPC argument. */
  private keyRing(): string {
    const ring = this.env.ENCRYPTION_KEYS;
    if (!ring) throw new KeyRingError('it is not set');
    return ring;
  }

  private async refresh({ connectionId, tenant, exchange, defaultTtlSeconds }: RefreshRequest): Promise<TokenOutcome> {
    const db = this.env.DB;
    const keyRing = this.keyRing();
    // Re-read: the caller's copy may predate a refresh that finished a moment ago.
    const record = await readConnection(db, tenant, connectionId);
    if (!record) return { ok: false, status: 404, code: 'not_found', description: 'No such connection for this tenant.' };
    const decision = decideToken(record, nowSeconds());
    if (decision.action === 'serve') return servedOutcome(record, keyRing);
    if (decision.action === 'broken') return brokenOutcome(record);
    if (decision.action === 'wait') return waitOutcome(record, decision.retryAfter);

    const result = await exchangeClientCredentials(await openExchangeRequest(record, keyRing), exchange);
    const now = nowSeconds();
    if (result.ok) {
      const { expiresAt } = await saveRefreshedToken(db, record, result.token, keyRing, defaultTtlSeconds, now);
      return {
        ok: true,
        token: {
          access_token: result.token.accessToken,
          token_type: displayTokenType(result.token.tokenType),
          expires_at: expiresAt,
          scope: result.token.scopes.join(' '),
        },
      };
    }
    return this.failed(record, result.error, now);
  }

  private async failed(record: ConnectionRecord, error: ExchangeFailure, now: number): Promise<TokenOutcome> {
    const transient = TRANSIENT_CODES.has(error.code);
    const retryAfter = transient ? Math.min(error.retryAfter ?? DEFAULT_RETRY_SECONDS, MAX_RETRY_SECONDS) : undefined;
    loggedFailure('token.refresh', { code: error.code, host: new URL(record.tokenUrl).host });
    const updated: ConnectionRecord = {
      ...record,
      lastError: error.code,
      lastErrorMessage: error.message,
      retryNotBefore: retryAfter === undefined ? null : now + retryAfter,
    };
    const failure = { code: error.code, message: error.message, retryNotBefore: updated.retryNotBefore };
    if (!(await saveRefreshFailure(this.env.DB, record, failure, now))) {
      // Reconnected while we asked with the old credentials: the new row speaks for itself.
      const current = await readConnection(this.env.DB, record.tenant, record.id);
      if (current && decideToken(current, now).action === 'serve') return servedOutcome(current, this.keyRing());
    }
    if (!transient) return brokenOutcome(updated);
    // The refresh failed but the old token still works: hand it out rather than an error.
    if (!isExpired(record, now)) return servedOutcome(record, this.keyRing());
    return waitOutcome(updated, retryAfter!);
  }
}
