import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  isErrorCode,
  resultMessage,
  STATE_PATTERN,
  type AttemptOutcome,
  type ResultMessage,
  type SessionClaims,
} from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { Failure, invalidRequest } from '../common/failure.js';
import { logEvent } from '../common/log.js';
import type { Config } from '../config/config.js';
import type { ConnectionInput } from '../connections/connection-record.js';
import { isConnectionGone, reconnectEvent } from '../connections/status-change.js';
import { newConnectionId, newConnectionStatement, reconnectStatement } from '../connections/store.js';
import { evictToken } from '../connections/token-cache.js';
import { tokenEndpointFor } from '../discovery/token-endpoint.js';
import { eventStatements, queueEvents, type EventWrite } from '../events/record-event.js';
import { SigningKeyUnavailableError } from '../exchange/client-auth.js';
import { exchangeClientCredentials } from '../exchange/exchange.js';
import type { AppEnv } from '../http/app-env.js';
import { inBackground } from '../http/background.js';
import { failureOf } from '../http/render-failure.js';
import { signingKey } from '../keys/signing-keys.js';
import { runProbe } from '../outbound/probe.js';
import { admitAttempt, finishAttemptStatements, readAttempt } from './attempt-store.js';
import { connectRequestOf, type ConnectRequest } from './connect-form.js';

/** How a connect attempt ended, and who may be told: what the completion page and the JSON mode answer. */
export interface ConnectVerdict {
  outcome: AttemptOutcome;
  /** What the completion page posts (and the inline mode returns); null when there is no valid state to address. */
  message: ResultMessage | null;
  /** The session's exact origin, once the request proved it came from there; else null and nothing is posted. */
  origin: string | null;
  status: ContentfulStatusCode;
}

/**
 * The longest an attempt can take: the issuer's two metadata documents, the exchange's calls (two
 * with `auto`) and the probe, each bounded by the upstream timeout, and our writes. The session's
 * claim lapses after it, and an attempt still pending after it never finished.
 */
export const attemptDeadlineSeconds = (config: Config) => 5 * Math.ceil(config.upstreamTimeoutMs / 1000) + 10;

/** A connection made, and the statements that commit it with its event. */
interface Prepared {
  outcome: Extract<AttemptOutcome, { status: 'connected' }>;
  statements: D1PreparedStatement[];
  event: EventWrite;
}

/**
 * POST /v1/connect once requireSession vetted the session and the Origin: the attempt's input,
 * its admission (one D1 round trip), the exchange and Test & Save's probe, then one commit (a
 * second round trip) that writes the connection, its event, the attempt's outcome and the
 * session's consumption all together or not at all, so the page and the result channel always
 * tell the same outcome. Returns the connected outcome; any failure throws, recorded
 * first when the attempt was admitted.
 */
export async function runAttempt(c: Context<AppEnv>): Promise<AttemptOutcome> {
  const config = c.get('config');
  const claims = c.get('session');
  const form = c.get('body');
  const state = form.state ?? '';
  if (!STATE_PATTERN.test(state)) throw invalidRequest('the attempt has no valid state');
  const request = await connectRequestOf(claims, form, config.tokenUrlPolicy);
  await admitAttempt(c.env.DB, claims, state, nowSeconds(), attemptDeadlineSeconds(config));
  let prepared: Prepared | undefined;
  let failure: Failure | undefined;
  try {
    prepared = await connect(c.env, config, claims, request, state);
  } catch (error) {
    failure = failureOf(error, c);
  }
  const message = prepared ? resultMessage(state, prepared.outcome) : failedMessage(state, failure!);
  const finish = finishAttemptStatements(c.env.DB, claims.sid, message, nowSeconds());
  try {
    await c.env.DB.batch([...(prepared?.statements ?? []), ...finish]);
  } catch (error) {
    if (prepared && isConnectionGone(error)) {
      // Deleted while the exchange ran: nothing was written; the attempt fails as such.
      const gone = new Failure(409, 'session_invalid', 'the connection it updates was deleted');
      await c.env.DB.batch(finishAttemptStatements(c.env.DB, claims.sid, failedMessage(state, gone), nowSeconds()));
      throw gone;
    }
    // The commit may have happened with only its reply lost: the attempt's row tells, so the page
    // never contradicts the result channel.
    const deadline = attemptDeadlineSeconds(config);
    const committed = await readAttempt(c.env.DB, claims.sid, state, nowSeconds(), deadline).catch(() => null);
    if (committed?.status !== message.status) {
      // Nothing was written: the attempt ends as our fault, recorded if storage answers again
      // (else it stays pending, which the result channel reports as failed after its deadline).
      const ours = failureOf(error, c);
      const ended = finishAttemptStatements(c.env.DB, claims.sid, failedMessage(state, ours), nowSeconds());
      await c.env.DB.batch(ended).catch(() => undefined);
      throw ours;
    }
  }
  if (failure) throw failure;
  // Reconnected in this isolate: the old token must not be served from its memory.
  evictToken(prepared!.outcome.connectionId);
  await inBackground(c, queueEvents(c.env, [prepared!.event.id]));
  return prepared!.outcome;
}

/** A failure as the element is told it: one of its codes, and our advice. */
export const failedOutcome = (failure: Failure): AttemptOutcome => ({
  status: 'failed',
  error: { code: elementCode(failure), message: failure.advice },
});

const failedMessage = (state: string, failure: Failure) => resultMessage(state, failedOutcome(failure));

/** The element knows protocol's ERROR_CODES; an API-only code (payload_too_large, …) is told as ours or as invalid input. */
const elementCode = ({ code, status }: Failure) =>
  isErrorCode(code) ? code : status >= 500 ? ('server_error' as const) : ('invalid_request' as const);

/**
 * The token endpoint (an issuer's, from its metadata, or the URL given), the exchange, then Test
 * & Save's probe, then the statements that store the connection (a new one, or the one a
 * reconnect session names) and its lifecycle event. Nothing is stored unless the provider issued
 * a token and the API accepted it; a failed reconnect leaves the old credentials serving.
 */
async function connect(
  env: Env,
  config: Config,
  claims: SessionClaims,
  { request: asked, target, probe }: ConnectRequest,
  state: string,
): Promise<Prepared> {
  const { upstreamTimeoutMs: timeoutMs, tokenUrlPolicy: policy, encryptionKeys: keyRing } = config;
  const endpoint = await tokenEndpointFor(target, policy, timeoutMs);
  const request = { ...asked, ...endpoint };
  let exchanged;
  try {
    exchanged = await exchangeClientCredentials(request, {
      timeoutMs,
      policy,
      workerKey: (kid) => signingKey(env.DB, keyRing, claims.tenant, kid),
    });
  } catch (error) {
    if (error instanceof SigningKeyUnavailableError) {
      throw invalidRequest(`the Worker-held key ${error.keyId} is withdrawn: create a key and start again`, error);
    }
    if (error instanceof Failure)
      logEvent('connect.exchange', {
        code: error.code,
        host: new URL(request.tokenUrl).host,
        attempt: state.slice(0, 8),
      });
    throw error;
  }
  if (probe) await runProbe(probe, exchanged.token, { timeoutMs, policy });
  const now = nowSeconds();
  const input: ConnectionInput = {
    ...request,
    tenant: claims.tenant,
    authMethod: exchanged.authMethodUsed,
    token: exchanged.token,
    ...(probe ? { probe } : {}),
  };
  const ttl = config.defaultTokenTtlSeconds;
  const reconnected = claims.connectionId;
  const id = reconnected ?? newConnectionId();
  const write = reconnected
    ? await reconnectStatement(env.DB, input, id, keyRing, ttl, now)
    : await newConnectionStatement(env.DB, input, id, keyRing, ttl, now);
  const event = reconnected
    ? reconnectEvent(env, claims.tenant, id, now)
    : eventStatements(
        env,
        { type: 'connection.created', tenant: claims.tenant, connectionId: id, status: 'active', previousStatus: null },
        now,
      );
  return {
    outcome: { status: 'connected', connectionId: id, scopes: exchanged.token.scopes, expiresAt: write.expiresAt },
    // A reconnect's event reads the row as it was, so it goes first (and rolls all back if the row is gone).
    statements: reconnected ? [...event.statements, write.statement] : [write.statement, ...event.statements],
    event,
  };
}
