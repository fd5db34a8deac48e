import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  describeError,
  isErrorCode,
  resultMessage,
  STATE_PATTERN,
  type AttemptOutcome,
  type ResultMessage,
} from '../../protocol/index.js';
import { nowSeconds } from '../common/clock.js';
import { saveConnection } from '../connections/store.js';
import { exchangeClientCredentials } from '../exchange/exchange.js';
import type { ExchangeRequest } from '../exchange/exchange-types.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import type { Config } from '../http/config.js';
import { loggedFailure } from '../http/log.js';
import { verifySessionSignature } from '../sessions/session-token.js';
import { admitAttempt, finishAttempt } from './attempt-store.js';
import { exchangeRequestOf, type ConnectForm } from './connect-form.js';

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
 * The longest an attempt can take: the exchange's upstream calls (two with `auto`), each bounded
 * by the upstream timeout, and our writes. The session's claim lapses after it, and an attempt
 * still pending after it never finished.
 */
export const attemptDeadlineSeconds = (config: Config) => 2 * Math.ceil(config.upstreamTimeoutMs / 1000) + 10;

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
    const { request, plainHttp } = exchangeRequestOf(claims, form, config.tokenUrlPolicy);

    const admission = await admitAttempt(env.DB, claims, state, now, attemptDeadlineSeconds(config));
    if (admission === 'session_used') throw new ApiError(401, 'session_invalid', 'this session has already connected');
    if (admission === 'rate_limited') throw new ApiError(429, 'rate_limited');
    if (admission === 'busy') throw new ApiError(429, 'rate_limited', 'another attempt with this session is under way');
    if (admission === 'state_reused') throw invalidRequest('this attempt was already made');

    const { outcome, status } = await exchangeAndSave(env, config, claims.tenant, request, plainHttp, state);
    const message = resultMessage(state, outcome);
    try {
      await finishAttempt(env.DB, claims.sid, message, nowSeconds());
    } catch (error) {
      // The page still posts the outcome; the result channel reports the attempt as unfinished
      // once its deadline passes, rather than pending until the element gives up.
      loggedFailure('connect.finish', {
        error: error instanceof Error ? error.name : 'unknown',
        attempt: state.slice(0, 8),
      });
    }
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

async function exchangeAndSave(
  env: Env,
  config: Config,
  tenant: string,
  request: ExchangeRequest,
  plainHttp: boolean,
  state: string,
): Promise<{ outcome: AttemptOutcome; status: ContentfulStatusCode }> {
  try {
    const exchange = await exchangeClientCredentials(request, {
      timeoutMs: config.upstreamTimeoutMs,
      allowInsecureRequests: plainHttp,
    });
    if (!exchange.ok) {
      loggedFailure('connect.exchange', {
        code: exchange.error.code,
        host: new URL(request.tokenUrl).host,
        attempt: state.slice(0, 8),
      });
      const error = { code: exchange.error.code, message: exchange.error.message };
      return { outcome: { status: 'failed', error }, status: exchange.error.status };
    }
    const saved = await saveConnection(
      env.DB,
      { ...request, tenant, authMethod: exchange.authMethodUsed, token: exchange.token },
      config.encryptionKeys,
      config.defaultTokenTtlSeconds,
    );
    const outcome = {
      status: 'connected',
      connectionId: saved.id,
      scopes: exchange.token.scopes,
      expiresAt: saved.expiresAt,
    } as const;
    return { outcome, status: 200 };
  } catch (error) {
    // Our own fault (storage, keys): the attempt must still end, or the element would wait for
    // a result that never comes.
    loggedFailure('connect.unexpected', {
      error: error instanceof Error ? error.name : 'unknown',
      attempt: state.slice(0, 8),
    });
    const failure = {
      code: 'server_error',
      message: 'The connection could not be saved on our side. Try again in a moment.',
    } as const;
    return { outcome: { status: 'failed', error: failure }, status: 500 };
  }
}
