import { DurableObject } from 'cloudflare:workers';
import { nowSeconds } from '../common/clock.js';
import { recordEvent, type ConnectionEvent } from '../events/record-event.js';
import { transitionEvent } from '../events/transitions.js';
import { SigningKeyUnavailableError } from '../exchange/client-auth.js';
import { exchangeClientCredentials } from '../exchange/exchange.js';
import type { Credential, ExchangeOptions, ExchangeRequest } from '../exchange/exchange-types.js';
import { newestSigningKey, signingKey } from '../keys/signing-keys.js';
import { loggedFailure } from '../http/log.js';
import { runProbe } from '../outbound/probe.js';
import { KeyRingError, SecretBoxError } from './secret-box.js';
import { answerFromRow, unreadable } from './stored-token.js';
import {
  openExchangeRequest,
  readConnection,
  saveRefreshedToken,
  saveRefreshFailure,
  type ConnectionRecord,
} from './store.js';
import {
  brokenOutcome,
  connectionStatus,
  decideAfterFailure,
  decideToken,
  notFoundOutcome,
  servedOutcome,
  type RefreshFailure,
  type TokenOutcome,
} from './token-policy.js';

export interface RefreshRequest {
  connectionId: string;
  tenant: string;
  /** From the Worker's config, decided by the route for this connection's token URL. */
  exchange: ExchangeOptions;
  defaultTtlSeconds: number;
  /** `force=1`: a new token unless the current one is younger than 30 s. */
  force?: boolean;
}

const WITHDRAWN_KEY_MESSAGE =
  'The Worker-held signing key of this connection was withdrawn (DELETE /v1/keys). Create a key and have the customer reconnect.';

const changed: TokenOutcome = {
  ok: false,
  status: 503,
  code: 'provider_unavailable',
  description: 'The connection changed while its token was being refreshed. Try again.',
  retryAfter: 1,
};

/**
 * One instance per connection (`idFromName(connectionId)`). Cloudflare runs each Durable Object
 * in exactly one place, so every isolate's refresh for a connection meets here: callers that
 * arrive while an exchange is in flight share its promise, and a caller that arrives after it
 * re-reads the row and finds the new token. One upstream request however many callers wait.
 * Every change of the connection's status made here is recorded as a lifecycle event.
 */
export class TokenRefresher extends DurableObject<Env> {
  private inFlight: Promise<TokenOutcome> | undefined;
  private checking: Promise<TokenOutcome> | undefined;

  async token(request: RefreshRequest): Promise<TokenOutcome> {
    this.inFlight ??= this.refresh(request).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * `POST /v1/connections/:id/check`: exchanges now, whatever the row says (broken, backing off,
   * fresh), and runs the connection's probe; the row records what happened. Concurrent checks share one.
   */
  async check(request: RefreshRequest): Promise<TokenOutcome> {
    this.checking ??= this.exchangeNow(request, { probe: true }).finally(() => {
      this.checking = undefined;
    });
    return this.checking;
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
    const record = await readConnection(this.env.DB, request.tenant, request.connectionId);
    if (!record) return notFoundOutcome;
    const decision = decideToken(record, nowSeconds(), { force: request.force });
    if (decision.action !== 'refresh') return answerFromRow(this.env, record, decision, this.keyRing());
    const stored = await this.exchangeAndStore(record, request, { probe: false });
    if (stored) return stored;
    return retried ? changed : this.refresh(request, true);
  }

  private async exchangeNow(request: RefreshRequest, options: { probe: boolean }): Promise<TokenOutcome> {
    const record = await readConnection(this.env.DB, request.tenant, request.connectionId);
    if (!record) return notFoundOutcome;
    return (await this.exchangeAndStore(record, request, options)) ?? changed;
  }

  /** The outcome of one exchange (and probe), or null when the row changed meanwhile and nothing was stored. */
  private async exchangeAndStore(
    record: ConnectionRecord,
    { exchange: options, defaultTtlSeconds }: RefreshRequest,
    { probe }: { probe: boolean },
  ): Promise<TokenOutcome | null> {
    const { DB: db } = this.env;
    const keyRing = this.keyRing();
    let exchange: ExchangeRequest;
    try {
      exchange = await openExchangeRequest(record, keyRing);
    } catch (error) {
      if (error instanceof SecretBoxError) return unreadable(this.env, record);
      throw error;
    }
    let result: Awaited<ReturnType<typeof exchangeClientCredentials>>;
    try {
      result = await exchangeClientCredentials(exchange, {
        ...options,
        workerKey: (kid) => signingKey(db, keyRing, record.tenant, kid),
      });
    } catch (error) {
      if (error instanceof SigningKeyUnavailableError) return unreadable(this.env, record, WITHDRAWN_KEY_MESSAGE);
      throw error;
    }
    const now = nowSeconds();
    const credential = await this.rotated(record, exchange.credential);
    if (!result.ok) {
      loggedFailure('token.refresh', { code: result.error.code, host: new URL(record.tokenUrl).host });
      const after = decideAfterFailure(record, result.error, now);
      return this.recordFailure(record, credential, after.failure, now, () =>
        answerFromRow(this.env, { ...record, ...failedFields(after.failure) }, after.decision, keyRing),
      );
    }
    const { stored, expiresAt } = await saveRefreshedToken(
      db,
      record,
      credential,
      result.token,
      keyRing,
      defaultTtlSeconds,
      now,
    );
    if (!stored) return null;
    const served = servedOutcome({ ...result.token, expiresAt });
    const probed =
      probe && record.probe ? await runProbe(record.probe, result.token, options.timeoutMs) : { ok: true as const };
    if (!probed.ok) {
      // The token works with the provider but not with the API: a refusal breaks the connection,
      // an API that failed leaves it refresh_failing. The new token is stored either way.
      const code = probed.transient ? 'provider_unavailable' : 'probe_failed';
      const failure = { code, message: probed.message, retryNotBefore: null } as const;
      const answer = probed.transient ? served : brokenOutcome(failedFields(failure));
      return this.recordFailure(record, credential, failure, now, async () => answer);
    }
    await this.recordTransition(record, 'active', now);
    return served;
  }

  /**
   * Key rotation (POST /v1/keys, then withdraw the old key): a connection signing with a
   * Worker-held key moves to the tenant's newest key on its next write. Its provider already
   * trusts that key if it reads the JWKS URL, where both are published.
   */
  private async rotated(record: ConnectionRecord, credential: Credential): Promise<Credential> {
    if (credential.kind !== 'worker_key') return credential;
    return { ...credential, keyId: (await newestSigningKey(this.env.DB, record.tenant)) ?? credential.keyId };
  }

  /** Stores a failure and tells its transition; null (nothing stored) if the row changed meanwhile. */
  private async recordFailure(
    record: ConnectionRecord,
    credential: Credential,
    failure: RefreshFailure,
    now: number,
    answer: () => Promise<TokenOutcome>,
  ): Promise<TokenOutcome | null> {
    if (!(await saveRefreshFailure(this.env.DB, record, credential, failure, this.keyRing(), now))) return null;
    await this.recordTransition(record, connectionStatus(failure.code), now, failure);
    return answer();
  }

  private async recordTransition(
    record: ConnectionRecord,
    after: ConnectionEvent['status'],
    now: number,
    failure?: RefreshFailure,
  ): Promise<void> {
    const before = connectionStatus(record.lastError);
    const type = transitionEvent(before, after);
    if (!type) return;
    const event: ConnectionEvent = {
      type,
      tenant: record.tenant,
      connectionId: record.id,
      status: after,
      previousStatus: before,
      ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
    };
    await recordEvent(this.env, event, now);
  }
}

const failedFields = (failure: RefreshFailure) => ({ lastError: failure.code, lastErrorMessage: failure.message });
