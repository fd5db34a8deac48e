import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  describeError,
  isErrorCode,
  type ErrorCode,
  resultMessage,
  STATE_PATTERN,
  type AttemptOutcome,
  type ResultMessage,
  type SessionClaims,
} from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { evictToken } from '../connections/token-cache.js';
import { ClientIdTakenError, saveConnection, updateConnection, type ConnectionInput } from '../connections/store.js';
import { recordEvent, type ConnectionEvent } from '../events/record-event.js';
import { transitionEvent } from '../events/transitions.js';
import { exchangeClientCredentials } from '../exchange/exchange.js';
import { tokenEndpointFor } from '../discovery/token-endpoint.js';
import { SigningKeyUnavailableError } from '../exchange/client-auth.js';
import { signingKey } from '../keys/signing-keys.js';
import { runProbe } from '../outbound/probe.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import type { Config } from '../http/config.js';
import { loggedFailure } from '../http/log.js';
import { verifySessionSignature } from '../sessions/session-token.js';
import { admitAttempt, finishAttempt } from './attempt-store.js';
import { connectRequestOf, type ConnectForm, type ConnectRequest } from './connect-form.js';

/** How a connect attempt ended, and who may be told. */
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
 * with `auto`) and the probe, each bounded by the upstream timeout, and our writes. The session's claim lapses after it, and an attempt
 * still pending after it never finished.
 */
export const attemptDeadlineSeconds = (config: Config) => 5 * Math.ceil(config.upstreamTimeoutMs / 1000) + 10;

/**
 * Runs one attempt of POST /v1/connect: session, origin, input and policy checks, admission,
 * the exchange and the save. Every refusal is an ApiError thrown on the way and turned into a
 * verdict in one place; the exchange's own failures are outcomes. The attempt always ends.
 */
export async function runAttempt(
  env: Env,
  config: Config,
  form: ConnectForm,
  requestOrigin: string | undefined,
): Promise<ConnectVerdict> {
  const state = form.state ?? '';
  const addressed = STATE_PATTERN.test(state);
  let origin: string | null = null;
  try {
    if (!addressed) throw invalidRequest('the attempt has no valid state');
    const claims = await verifySessionSignature(form.session_token ?? '', config.sessionSigningKey);
    if (!claims) throw new ApiError(401, 'session_invalid');
    // The popup form and the inline fetch both carry the embedding page's Origin. A missing or
    // opaque ("null") Origin cannot prove where the request came from, so it is refused.
    if (requestOrigin !== claims.origin) throw new ApiError(403, 'origin_not_allowed');
    origin = claims.origin;
    const now = nowSeconds();
    if (claims.exp <= now) throw new ApiError(401, 'session_expired');
    const connectRequest = await connectRequestOf(claims, form, config.tokenUrlPolicy);

    const admission = await admitAttempt(env.DB, claims, state, now, attemptDeadlineSeconds(config));
    if (admission === 'session_used') throw new ApiError(401, 'session_invalid', 'this session has already connected');
    if (admission === 'rate_limited') throw new ApiError(429, 'rate_limited');
    if (admission === 'busy') throw new ApiError(429, 'rate_limited', 'another attempt with this session is under way');
    if (admission === 'state_reused') throw invalidRequest('this attempt was already made');

    const { outcome, status, event } = await exchangeAndSave(env, config, claims, connectRequest, state);
    const message = resultMessage(state, outcome);
    // Two independent writes, side by side: the attempt's record (so the result channel can
    // answer) and the lifecycle event (recordEvent never throws). Both before the answer.
    const finished = finishAttempt(env.DB, claims.sid, message, nowSeconds()).catch((error: unknown) => {
      // The page still posts the outcome; the result channel reports the attempt as unfinished
      // once its deadline passes, rather than pending until the element gives up.
      loggedFailure('connect.finish', {
        error: error instanceof Error ? error.name : 'unknown',
        attempt: state.slice(0, 8),
      });
    });
    await Promise.all([finished, event && recordEvent(env, event, nowSeconds())]);
    return { outcome, message, origin, status };
  } catch (thrown) {
    const error = thrown instanceof ApiError ? thrown : ourFault(thrown, state);
    if (!isErrorCode(error.code)) throw error;
    const outcome: AttemptOutcome = {
      status: 'failed',
      error: { code: error.code, message: describeError(error.code, error.detail) },
    };
    return { outcome, message: addressed ? resultMessage(state, outcome) : null, origin, status: error.status };
  }
}

/**
 * Our own failure before the exchange (storage, at admission): logged, and ended as
 * server_error like any refusal, so the popup still lands on a page that posts the outcome.
 */
function ourFault(error: unknown, state: string): ApiError {
  loggedFailure('connect.unexpected', {
    error: error instanceof Error ? error.name : 'unknown',
    attempt: state.slice(0, 8),
  });
  return new ApiError(500, 'server_error');
}

const failed = (code: ErrorCode, message: string, status: ContentfulStatusCode) => ({
  outcome: { status: 'failed', error: { code, message } } as const,
  status,
});

/**
 * The token endpoint (an issuer's, from its metadata, or the URL given), the exchange, then Test
 * & Save's probe, then the save (a new connection, the same client again,
 * or the connection a reconnect session updates), then its lifecycle event. Nothing is stored
 * unless the provider issued a token and the API accepted it; a failed reconnect leaves the old
 * credentials serving.
 */
async function exchangeAndSave(
  env: Env,
  config: Config,
  claims: SessionClaims,
  { request: asked, target, probe }: ConnectRequest,
  state: string,
): Promise<{ outcome: AttemptOutcome; status: ContentfulStatusCode; event?: ConnectionEvent }> {
  const attempt = state.slice(0, 8);
  const timeoutMs = config.upstreamTimeoutMs;
  try {
    const { plainHttp, ...endpoint } = await tokenEndpointFor(target, config.tokenUrlPolicy, timeoutMs);
    const request = { ...asked, ...endpoint };
    const exchange = await exchangeClientCredentials(request, {
      timeoutMs,
      allowInsecureRequests: plainHttp,
      workerKey: (kid) => signingKey(env.DB, config.encryptionKeys, claims.tenant, kid),
    });
    if (!exchange.ok) {
      loggedFailure('connect.exchange', { code: exchange.error.code, host: new URL(request.tokenUrl).host, attempt });
      return failed(exchange.error.code, exchange.error.message, exchange.error.status);
    }
    if (probe) {
      const probed = await runProbe(probe, exchange.token, config.upstreamTimeoutMs);
      if (!probed.ok) {
        loggedFailure('connect.probe', { code: 'probe_failed', host: new URL(probe.url).host, attempt });
        return failed('probe_failed', probed.message, probed.status);
      }
    }
    const input: ConnectionInput = {
      ...request,
      tenant: claims.tenant,
      authMethod: exchange.authMethodUsed,
      token: exchange.token,
      ...(probe ? { probe } : {}),
    };
    const now = nowSeconds();
    const keys = config.encryptionKeys;
    const ttl = config.defaultTokenTtlSeconds;
    const saved = claims.connectionId
      ? await updateConnection(env.DB, claims.connectionId, input, keys, ttl, now)
      : await saveConnection(env.DB, input, keys, ttl, now);
    if (!saved)
      return failed('session_invalid', describeError('session_invalid', 'the connection it updates was deleted'), 409);
    // Reconnected in this isolate: the old token must not be served from its memory.
    evictToken(saved.id);
    const type = transitionEvent(saved.previousStatus, 'active') ?? 'connection.updated';
    const event: ConnectionEvent = {
      type,
      tenant: claims.tenant,
      connectionId: saved.id,
      status: 'active',
      previousStatus: saved.previousStatus,
    };
    const outcome = {
      status: 'connected',
      connectionId: saved.id,
      scopes: exchange.token.scopes,
      expiresAt: saved.expiresAt,
    } as const;
    return { outcome, status: 200, event };
  } catch (error) {
    // Refusals found on the way: an issuer without usable metadata, a client id taken, a key withdrawn.
    if (error instanceof ApiError && isErrorCode(error.code)) {
      return failed(error.code, describeError(error.code, error.detail), error.status);
    }
    if (error instanceof ClientIdTakenError || error instanceof SigningKeyUnavailableError) {
      return failed('invalid_request', describeError('invalid_request', error.message), 400);
    }
    // Our own fault (storage, keys): the attempt must still end, or the element would wait for
    // a result that never comes.
    loggedFailure('connect.unexpected', { error: error instanceof Error ? error.name : 'unknown', attempt });
    return failed('server_error', 'The connection could not be saved on our side. Try again in a moment.', 500);
  }
}
