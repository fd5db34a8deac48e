import { Hono, type Context } from 'hono';
import {
  ERROR_MESSAGES,
  RESULT_MESSAGE_TYPE,
  STATE_PATTERN,
  type ErrorCode,
  type ResultMessage,
  type SessionClaims,
} from '../../protocol/index.js';
import { ApiError } from '../api-error.js';
import type { AppEnv } from '../app-env.js';
import { admitAttempt, finishAttempt } from '../attempt-store.js';
import { renderCompletionPage } from '../completion-page.js';
import { saveConnection } from '../connection-store.js';
import { exchangeClientCredentials } from '../exchange.js';
import { clientCredential, extraParams, scopeField } from '../input-rules.js';
import { loggedFailure } from '../log.js';
import { reflectOriginCors } from '../reflect-cors.js';
import { nowSeconds } from '../clock.js';
import { verifySessionSignature } from '../session-token.js';
import { checkTokenUrl } from '../token-url-policy.js';
import { isLoopbackHost } from '../loopback.js';

const MAX_CLOSE_AFTER = 600;

type Form = Record<string, string>;

/** What went wrong, and whether the session's origin may be told (only once it is trusted). */
class ConnectFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly trustedOrigin: string | null = null,
  ) {
    super(code);
  }
}

async function readForm(c: Context<AppEnv>): Promise<Form> {
  const body = await c.req.parseBody().catch(() => ({}));
  const form: Form = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
  return form;
}

function closeAfterField(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const seconds = Number(value);
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_CLOSE_AFTER ? seconds : null;
}

/** Locked values come from the signed session; unlocked ones from the form, else the preset. */
function mergeValues(claims: SessionClaims, form: Form) {
  const locked = (field: SessionClaims['locked'][number]) => claims.locked.includes(field);
  const tokenUrl = locked('tokenUrl') ? claims.tokenUrl : form.token_url?.trim() || claims.tokenUrl;
  const typedScopes = locked('scopes') ? '' : (form.scope?.trim() ?? '');
  const scopes = typedScopes ? scopeField(typedScopes) : (claims.scopes ?? []);
  const params = locked('params')
    ? (claims.params ?? {})
    : extraParams({
        audience: form.audience?.trim() || claims.params?.audience,
        resource: form.resource?.trim() || claims.params?.resource,
        // A provider quirk the embedding organisation knows; the person never picks it.
        scopeSeparator: claims.params?.scopeSeparator,
      });
  return { tokenUrl, scopes, params };
}

async function attempt(c: Context<AppEnv>, form: Form, state: string): Promise<{ message: ResultMessage; origin: string }> {
  const config = c.get('config');
  const claims = await verifySessionSignature(form.session_token ?? '', config.sessionSigningKey);
  if (!claims) throw new ConnectFailure('session_invalid');
  // The popup form and the inline fetch both carry the embedding page's Origin. A missing or
  // opaque ("null") Origin cannot prove where the request came from, so it is refused.
  if (c.req.header('origin') !== claims.origin) throw new ConnectFailure('origin_not_allowed');
  const origin = claims.origin;
  const now = nowSeconds();
  if (claims.exp <= now) throw new ConnectFailure('session_expired', undefined, origin);

  let values: ReturnType<typeof mergeValues>;
  let clientId: string;
  let clientSecret: string;
  try {
    clientId = clientCredential(form.client_id, 'client_id');
    clientSecret = clientCredential(form.client_secret, 'client_secret');
    values = mergeValues(claims, form);
  } catch (error) {
    if (error instanceof ApiError) throw new ConnectFailure('invalid_request', error.message, origin);
    throw error;
  }
  if (!values.tokenUrl) throw new ConnectFailure('invalid_request', 'a token URL is required', origin);
  const verdict = checkTokenUrl(values.tokenUrl, config.tokenUrlPolicy);
  if (!verdict.ok) throw new ConnectFailure('token_url_not_allowed', verdict.reason, origin);

  const admission = await admitAttempt(c.env.DB, claims.sid, claims.exp, state, now);
  if (admission === 'session_used') throw new ConnectFailure('session_invalid', 'this session has already connected', origin);
  if (admission === 'rate_limited') throw new ConnectFailure('rate_limited', undefined, origin);
  if (admission === 'state_reused') throw new ConnectFailure('invalid_request', 'this attempt was already made', origin);

  const tokenUrl = verdict.url.href;
  const failed = (code: ErrorCode, text: string): ResultMessage => ({ v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'failed', error: { code, message: text } });
  let message: ResultMessage;
  try {
    const exchange = await exchangeClientCredentials(
      { tokenUrl, clientId, clientSecret, scopes: values.scopes, params: values.params, authMethod: claims.authMethod },
      {
        timeoutMs: config.upstreamTimeoutMs,
        allowInsecureRequests: config.tokenUrlPolicy.allowLoopbackHttp && isLoopbackHost(verdict.url.hostname),
      },
    );
    if (exchange.ok) {
      const saved = await saveConnection(
        c.env,
        { tenant: claims.tenant, tokenUrl, clientId, clientSecret, scopes: values.scopes, params: values.params, authMethod: exchange.authMethodUsed, token: exchange.token },
        config.encryptionKeys,
        config.defaultTokenTtlSeconds,
      );
      message = { v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'connected', connectionId: saved.id, scopes: exchange.token.scopes, expiresAt: saved.expiresAt };
    } else {
      loggedFailure('connect.exchange', { code: exchange.error.code, host: verdict.url.host, attempt: state.slice(0, 8) });
      message = failed(exchange.error.code, exchange.error.message);
    }
  } catch (error) {
    // Our own fault (storage, keys): the attempt must still end, or the element would wait for
    // a result that never comes. The closed code list has no server code; the advice fits.
    loggedFailure('connect.unexpected', { error: error instanceof Error ? error.name : 'unknown', attempt: state.slice(0, 8) });
    message = failed('provider_unavailable', 'The connection could not be saved on our side. Try again in a moment.');
  }
  await finishAttempt(c.env.DB, claims.sid, message, nowSeconds());
  return { message, origin };
}

const STATUS_FOR: Partial<Record<ErrorCode, 400 | 401 | 403 | 429 | 502>> = {
  session_invalid: 401,
  session_expired: 401,
  origin_not_allowed: 403,
  rate_limited: 429,
  invalid_request: 400,
  token_url_not_allowed: 400,
};

/**
 * POST /v1/connect: the form the element targets at its popup (HTML answer), or the same
 * fields fetched with `Accept: application/json` for the no-popup mode.
 */
export const connectRoutes = new Hono<AppEnv>()
  .use(reflectOriginCors(['POST']))
  .post('/', async (c) => {
    const form = await readForm(c);
    const state = form.state ?? '';
    let message: ResultMessage | null = null;
    let targetOrigin: string | null = null;
    let status: 200 | 400 | 401 | 403 | 429 | 502 = 200;
    let explanation: string;
    try {
      if (!STATE_PATTERN.test(state)) throw new ConnectFailure('invalid_request', 'the attempt has no valid state');
      ({ message, origin: targetOrigin } = await attempt(c, form, state));
      if (message.status === 'failed') status = 502;
      explanation = message.error?.message ?? 'The connection is ready. You can return to the application.';
    } catch (error) {
      if (!(error instanceof ConnectFailure)) throw error;
      explanation = error.detail ? `${ERROR_MESSAGES[error.code]} (${error.detail})` : ERROR_MESSAGES[error.code];
      if (STATE_PATTERN.test(state)) {
        message = { v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'failed', error: { code: error.code, message: explanation } };
      }
      targetOrigin = error.trustedOrigin;
      status = STATUS_FOR[error.code] ?? 400;
      if (!message && (c.req.header('accept') ?? '').includes('application/json')) {
        return c.json({ error: error.code, error_description: explanation }, status);
      }
    }
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(message, status);
    const closeAfter = closeAfterField(form.close_after);
    return c.html(renderCompletionPage({ message, explanation, targetOrigin, closeAfter, nonce: c.get('secureHeadersNonce') ?? '' }), status);
  });
