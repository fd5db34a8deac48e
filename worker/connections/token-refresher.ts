import { DurableObject } from 'cloudflare:workers';
import type { AccessToken } from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { asFailure, Failure, type FailureData } from '../common/failure.js';
import { logEvent } from '../common/log.js';
import { KeyRingError, SecretBoxError } from '../crypto/secret-box.js';
import { queueEvents } from '../events/record-event.js';
import { SigningKeyUnavailableError } from '../exchange/client-auth.js';
import { exchangeClientCredentials } from '../exchange/exchange.js';
import type { Credential, ExchangeRequest, Exchanged } from '../exchange/exchange-types.js';
import { signingKey } from '../keys/signing-keys.js';
import type { TokenUrlPolicy } from '../outbound/url-policy.js';
import { runProbe } from '../outbound/probe.js';
import type { ConnectionRecord } from './connection-record.js';
import { connectionStatus } from './status.js';
import { statusChange } from './status-change.js';
import { answerFromRow, markUnusable, WITHDRAWN_KEY_MESSAGE } from './stored-token.js';
import { openExchangeRequest, readConnection, refreshedTokenStatement, refreshFailureStatement } from './store.js';
import {
  brokenFailure,
  decideAfterFailure,
  decideToken,
  notFound,
  tokenView,
  type RefreshFailure,
} from './token-policy.js';

export interface RefreshRequest {
  connectionId: string;
  tenant: string;
  timeoutMs: number;
  /** The URL policy in force: every outbound call (token URL, probe) is vetted against it again. */
  policy: TokenUrlPolicy;
  defaultTtlSeconds: number;
  /** `force=1`: a new token unless the current one is younger than 30 s. */
  force?: boolean;
}

/** An RPC-safe answer: classes do not cross a Durable Object's boundary, so a failure travels as data. */
export type TokenAnswer = { token: AccessToken } | { failure: FailureData };

/** Who may share an operation already in flight (see `perform`). */
type Operation = 'token' | 'forced' | 'check';
const JOINS: Record<Operation, Operation[]> = {
  token: ['token', 'forced', 'check'],
  forced: ['forced', 'check'],
  check: ['check'],
};

/**
 * One instance per connection (`idFromName(connectionId)`). Cloudflare runs each Durable Object
 * in exactly one place, so every isolate's refresh and check of a connection meets here, in one
 * slot: a caller joins the operation in flight when its answer serves it (a plain token request
 * joins anything; a forced one never joins a plain one, whose token may be the one refused; a
 * check joins only a check), and otherwise waits for it to end and then re-reads the row. One
 * upstream request however many callers wait, and status changes one after another.
 */
export class TokenRefresher extends DurableObject<Env> {
  private current: { operation: Operation; done: Promise<TokenAnswer> } | undefined;

  token(request: RefreshRequest): Promise<TokenAnswer> {
    return this.perform(request.force ? 'forced' : 'token', () => this.refresh(request));
  }

  /**
   * `POST /v1/connections/:id/check`: exchanges now, whatever the row says (broken, backing off,
   * fresh), and runs the connection's probe; the row records what happened.
   */
  check(request: RefreshRequest): Promise<TokenAnswer> {
    return this.perform('check', () => this.exchangeNow(request));
  }

  private async perform(operation: Operation, work: () => Promise<AccessToken>): Promise<TokenAnswer> {
    while (this.current && !JOINS[operation].includes(this.current.operation)) await this.current.done;
    if (this.current) return this.current.done;
    const done: Promise<TokenAnswer> = work().then(
      (token) => ({ token }),
      (error: unknown) => ({ failure: asFailure(error).toData() }),
    );
    this.current = { operation, done };
    void done.finally(() => {
      if (this.current?.done === done) this.current = undefined;
    });
    return done;
  }

  /** Read here rather than passed in, so the key ring never travels in an RPC argument. */
  private keyRing(): string {
    const ring = this.env.ENCRYPTION_KEYS;
    if (!ring) throw new KeyRingError('it is not set');
    return ring;
  }

  private async read(request: RefreshRequest): Promise<ConnectionRecord> {
    const record = await readConnection(this.env.DB, request.tenant, request.connectionId);
    if (!record) throw notFound();
    return record;
  }

  /**
   * Re-reads the row (the caller's copy may predate a refresh that finished a moment ago) and
   * answers from it, or exchanges anew. A row that changed under the exchange (reconnected or
   * deleted) is read again, once: its own state answers, never the old credentials' token.
   */
  private async refresh(request: RefreshRequest, retried = false): Promise<AccessToken> {
    const record = await this.read(request);
    const now = nowSeconds();
    const decision = decideToken(record, now, { force: request.force });
    if (decision.action !== 'refresh') return answerFromRow(this.env, record, decision, this.keyRing(), now);
    const stored = await this.exchangeAndStore(record, request, { probe: false });
    if (stored) return stored;
    if (retried)
      throw new Failure(
        503,
        'provider_unavailable',
        'The connection changed while its token was being refreshed. Try again.',
        { retryAfter: 1 },
      );
    return this.refresh(request, true);
  }

  private async exchangeNow(request: RefreshRequest): Promise<AccessToken> {
    const record = await this.read(request);
    const stored = await this.exchangeAndStore(record, request, { probe: true });
    if (!stored)
      throw new Failure(409, 'session_invalid', 'The connection was reconnected or deleted during the check.');
    return stored;
  }

  /** The credentials opened, or the connection marked unusable when no key opens them. */
  private async open(record: ConnectionRecord): Promise<ExchangeRequest> {
    try {
      return await openExchangeRequest(record, this.keyRing());
    } catch (error) {
      if (error instanceof SecretBoxError) throw await markUnusable(this.env, record, nowSeconds());
      throw error;
    }
  }

  /** One exchange (and probe) and what it leaves on the row; null when the row changed meanwhile and nothing was stored. */
  private async exchangeAndStore(
    record: ConnectionRecord,
    request: RefreshRequest,
    { probe }: { probe: boolean },
  ): Promise<AccessToken | null> {
    const exchange = await this.open(record);
    let exchanged: Exchanged;
    try {
      exchanged = await exchangeClientCredentials(exchange, {
        timeoutMs: request.timeoutMs,
        policy: request.policy,
        // The key the connection connected with, and no other: a reconnect is what moves it.
        workerKey: (kid) => signingKey(this.env.DB, this.keyRing(), record.tenant, kid),
      });
    } catch (error) {
      if (error instanceof SigningKeyUnavailableError)
        throw await markUnusable(this.env, record, nowSeconds(), WITHDRAWN_KEY_MESSAGE);
      if (!(error instanceof Failure)) throw error;
      logEvent('token.refresh', { code: error.code, host: new URL(record.tokenUrl).host });
      const now = nowSeconds();
      const after = decideAfterFailure(record, error, now);
      if (!(await this.recordFailure(record, exchange.credential, after.stored, now))) return null;
      const failed = { ...record, lastError: after.stored.code, lastErrorMessage: after.stored.message };
      return answerFromRow(this.env, failed, after.decision, this.keyRing(), now);
    }
    const now = nowSeconds();
    const { token } = exchanged;
    const write = await refreshedTokenStatement(
      this.env.DB,
      record,
      exchange.credential,
      token,
      this.keyRing(),
      request.defaultTtlSeconds,
      now,
    );
    const served = tokenView({ ...token, expiresAt: write.expiresAt });
    // Test & Save's probe: the token works with the provider but not with the API. A refusal
    // breaks the connection, an API that failed leaves it refresh_failing; the new token is
    // stored either way, with the failure, in the same batch.
    const failure = probe && record.probe ? await probeFailure(record, token, request) : null;
    const stored = failure && { code: failure.code, message: failure.advice, retryNotBefore: null };
    const after = stored ? connectionStatus(stored.code) : 'active';
    const event = statusChange(
      this.env,
      record,
      after,
      now,
      stored ? { code: stored.code, message: stored.message } : undefined,
    );
    const statements = [write.statement];
    if (stored) statements.push(await refreshFailureStatement(this.env.DB, record, null, stored, '', now));
    const [written] = await this.env.DB.batch([...statements, ...(event?.statements ?? [])]);
    if (written!.meta.changes !== 1) return null;
    if (event) await queueEvents(this.env, [event.id]);
    if (after === 'broken') throw brokenFailure({ lastError: stored!.code, lastErrorMessage: stored!.message });
    return served;
  }

  /** Stores a failure with its status change, in one batch; false (nothing stored) if the row changed meanwhile. */
  private async recordFailure(
    record: ConnectionRecord,
    credential: Credential | null,
    failure: RefreshFailure,
    now: number,
  ) {
    const event = statusChange(this.env, record, connectionStatus(failure.code), now, {
      code: failure.code,
      message: failure.message,
    });
    const change = await refreshFailureStatement(this.env.DB, record, credential, failure, this.keyRing(), now);
    const [written] = await this.env.DB.batch([change, ...(event?.statements ?? [])]);
    if (written!.meta.changes !== 1) return false;
    if (event) await queueEvents(this.env, [event.id]);
    return true;
  }
}

/** Test & Save's probe with the new token: null when the API answered as expected, else its failure. */
async function probeFailure(
  record: ConnectionRecord,
  token: Exchanged['token'],
  request: RefreshRequest,
): Promise<Failure | null> {
  try {
    await runProbe(record.probe!, token, { timeoutMs: request.timeoutMs, policy: request.policy });
    return null;
  } catch (error) {
    if (error instanceof Failure) return error;
    throw error;
  }
}
