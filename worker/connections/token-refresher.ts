import { DurableObject } from 'cloudflare:workers';
import { nowSeconds } from '../common/clock.js';
import { exchangeClientCredentials } from '../exchange/exchange.js';
import type { ExchangeOptions } from '../exchange/exchange-types.js';
import { loggedFailure } from '../http/log.js';
import { KeyRingError } from './secret-box.js';
import { answerFromRow } from './stored-token.js';
import { openExchangeRequest, readConnection, saveRefreshedToken, saveRefreshFailure } from './store.js';
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

  private async refresh({ connectionId, tenant, exchange, defaultTtlSeconds }: RefreshRequest): Promise<TokenOutcome> {
    const db = this.env.DB;
    const keyRing = this.keyRing();
    // Re-read: the caller's copy may predate a refresh that finished a moment ago.
    const record = await readConnection(db, tenant, connectionId);
    if (!record) return notFoundOutcome;
    const decision = decideToken(record, nowSeconds());
    if (decision.action !== 'refresh') return answerFromRow(record, decision, keyRing);

    const result = await exchangeClientCredentials(await openExchangeRequest(record, keyRing), exchange);
    const now = nowSeconds();
    if (result.ok) {
      const { expiresAt } = await saveRefreshedToken(db, record, result.token, keyRing, defaultTtlSeconds, now);
      return servedOutcome({ ...result.token, expiresAt });
    }
    loggedFailure('token.refresh', { code: result.error.code, host: new URL(record.tokenUrl).host });
    const after = decideAfterFailure(record, result.error, now);
    if (!(await saveRefreshFailure(db, record, after.failure, now))) {
      // Reconnected while we asked with the old credentials: the new row speaks for itself.
      const current = await readConnection(db, record.tenant, record.id);
      if (current && decideToken(current, now).action === 'serve') return answerFromRow(current, { action: 'serve' }, keyRing);
    }
    const failed = { ...record, lastError: after.failure.code, lastErrorMessage: after.failure.message };
    return answerFromRow(failed, after.decision, keyRing);
  }
}
