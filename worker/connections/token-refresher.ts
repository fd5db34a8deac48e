import { DurableObject } from 'cloudflare:workers';
import { nowSeconds } from '../common/clock.js';
import { exchangeClientCredentials } from '../exchange/exchange.js';
import type { ExchangeOptions, ExchangeRequest } from '../exchange/exchange-types.js';
import { loggedFailure } from '../http/log.js';
import { KeyRingError, SecretBoxError } from './secret-box.js';
import { answerFromRow, unreadable } from './stored-token.js';
import {
  openExchangeRequest,
  readConnection,
  saveRefreshedToken,
  saveRefreshFailure,
  type ConnectionRecord,
} from './store.js';
import { decideAfterFailure, decideToken, notFoundOutcome, servedOutcome, type TokenOutcome } from './token-policy.js';

export interface RefreshRequest {
  connectionId: string;
  tenant: string;
  /** From the Worker's config, decided by the route for this connection's token URL. */
  exchange: ExchangeOptions;
  defaultTtlSeconds: number;
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

  /**
   * Re-reads the row (the caller's copy may predate a refresh that finished a moment ago) and
   * answers from it, or exchanges anew. A row that changed under the exchange (reconnected or
   * deleted) is read again, once: its own state answers, never the old credentials' token.
   */
  private async refresh(request: RefreshRequest, retried = false): Promise<TokenOutcome> {
    const db = this.env.DB;
    const keyRing = this.keyRing();
    const record = await readConnection(db, request.tenant, request.connectionId);
    if (!record) return notFoundOutcome;
    const decision = decideToken(record, nowSeconds());
    if (decision.action !== 'refresh') return answerFromRow(db, record, decision, keyRing);

    let exchange: ExchangeRequest;
    try {
      exchange = await openExchangeRequest(record, keyRing);
    } catch (error) {
      if (error instanceof SecretBoxError) return unreadable(db, record);
      throw error;
    }
    const stored = await this.exchangeAndStore(record, exchange, request);
    if (stored) return stored;
    if (!retried) return this.refresh(request, true);
    return {
      ok: false,
      status: 503,
      code: 'provider_unavailable',
      description: 'The connection changed while its token was being refreshed. Try again.',
      retryAfter: 1,
    };
  }

  /** The outcome of one exchange, or null when the row changed meanwhile and nothing was stored. */
  private async exchangeAndStore(
    record: ConnectionRecord,
    exchange: ExchangeRequest,
    { exchange: options, defaultTtlSeconds }: RefreshRequest,
  ): Promise<TokenOutcome | null> {
    const db = this.env.DB;
    const keyRing = this.keyRing();
    const result = await exchangeClientCredentials(exchange, options);
    const now = nowSeconds();
    if (result.ok) {
      const { stored, expiresAt } = await saveRefreshedToken(
        db,
        record,
        exchange.clientSecret,
        result.token,
        keyRing,
        defaultTtlSeconds,
        now,
      );
      return stored ? servedOutcome({ ...result.token, expiresAt }) : null;
    }
    loggedFailure('token.refresh', { code: result.error.code, host: new URL(record.tokenUrl).host });
    const after = decideAfterFailure(record, result.error, now);
    if (!(await saveRefreshFailure(db, record, exchange.clientSecret, after.failure, keyRing, now))) return null;
    const failed = { ...record, lastError: after.failure.code, lastErrorMessage: after.failure.message };
    return answerFromRow(db, failed, after.decision, keyRing);
  }
}
