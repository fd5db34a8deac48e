import type { TokenResponseShape } from '../../protocol/index.js';
import { isRecord } from '../../protocol/index.js';
import { Failure } from '../common/failure.js';
import type { IssuedToken } from './exchange-types.js';
import { cleanText, echoesSecret, providerText } from './provider-text.js';
import { parseRetryAfter } from './retry-after.js';

// A token endpoint's answer, read tolerantly where that is safe and strictly where it matters
// (DESIGN.md): a numeric-string expires_in, a missing or lower-case token_type, a 201, no expiry at
// all, or (with a profile) the token and its expiry under other names are accepted; a missing
// access token, an error, a non-JSON answer or an oversized grant are not. oauth4webapi's
// processClientCredentialsResponse refuses the first group, which real providers send (M-Pesa,
// UPS, CrowdStrike), so answers are parsed here with its checks.

/** RFC 6749 §5.2 codes, plus RFC 8707 §2's invalid_target, that pass through unchanged. */
const PROVIDER_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
]);

/** RFC 6749 §3.3 scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const MAX_SCOPE = 256;
const MAX_SCOPES = 50;
const MAX_SCOPE_TEXT = 4096;
const MAX_CAPTURED = 2048;

export interface AnswerContext {
  /** What the request asked for, answered when the provider names no scope (RFC 6749 §5.1). */
  requestedScopes: string[];
  scopeSeparator: ' ' | ',';
  /** What must never come back in our text or a captured value: the secret, the pasted key. */
  secrets: string[];
  shape?: TokenResponseShape;
  /** The exchange follows a provider profile, which tells how its token is used. */
  profiled: boolean;
  now: number;
}

const invalid = (detail: string) => new Failure(502, 'invalid_response', detail);

/** The value at a dotted path (`data.token`, `items.0.id`), or undefined. */
function at(answer: unknown, path: string): unknown {
  let value = answer;
  for (const segment of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(segment)) value = value[Number(segment)];
    else if (isRecord(value) && Object.hasOwn(value, segment)) value = value[segment];
    else return undefined;
  }
  return value;
}

/** A JSON number, or a string of one (`"3599"`, as M-Pesa and UPS send), that is not negative. */
function nonNegative(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^\d{1,15}(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0)
    throw invalid(`${what} is not a number of seconds`);
  return number;
}

/** Seconds from `now` until an absolute expiry: an epoch number (in `unit`) or an ISO 8601 time. */
function secondsUntil(value: unknown, unit: 's' | 'ms', now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const epoch =
    typeof value === 'string' && !/^\d+$/.test(value) ? Date.parse(value) / 1000 : nonNegative(value, 'the expiry');
  if (epoch === undefined || Number.isNaN(epoch)) throw invalid('the expiry is not a time');
  const seconds = typeof value === 'string' && !/^\d+$/.test(value) ? epoch : unit === 'ms' ? epoch / 1000 : epoch;
  return Math.max(0, seconds - now);
}

/**
 * The granted scopes (RFC 6749 §5.1): the answer's `scope`, cleaned like any provider text and
 * held to the same limits as requested ones, else the requested scopes. A scope that repeats a
 * piece of the secret is not believed; one past the limits is not a token response.
 */
function grantedScopes(scope: unknown, context: AnswerContext): string[] {
  if (scope === undefined || scope === null) return context.requestedScopes;
  if (typeof scope !== 'string') throw invalid('scope is not a string');
  if (scope.length > MAX_SCOPE_TEXT) throw invalid(`scope is longer than ${MAX_SCOPE_TEXT} characters`);
  const split = context.scopeSeparator === ',' ? /[\s,]+/ : /\s+/;
  const scopes = cleanText(scope).split(split).filter(Boolean);
  if (scopes.length > MAX_SCOPES) throw invalid(`scope names more than ${MAX_SCOPES} scopes`);
  if (!scopes.every((s) => s.length <= MAX_SCOPE && SCOPE_TOKEN.test(s))) {
    throw invalid(`scope holds a scope that is not an RFC 6749 scope token of at most ${MAX_SCOPE} characters`);
  }
  if (context.secrets.some((secret) => echoesSecret(scopes.join(' '), secret))) return context.requestedScopes;
  return scopes;
}

/** The non-secret values the profile keeps from the answer; never one holding a credential or the token. */
function captured(answer: unknown, accessToken: string, context: AnswerContext): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, path] of Object.entries(context.shape?.capture ?? {})) {
    const value = at(answer, path);
    if (value === undefined || value === null) continue;
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw invalid(`${name} is not a plain value`);
    const text = cleanText(String(value));
    if (text.length > MAX_CAPTURED) throw invalid(`${name} is longer than ${MAX_CAPTURED} characters`);
    const credentials = [...context.secrets, accessToken];
    if (text.includes(accessToken) || credentials.some((secret) => echoesSecret(text, secret))) {
      throw invalid(`${name} repeats a credential, so it is not kept`);
    }
    values[name] = text;
  }
  return values;
}

/** An error answer (RFC 6749 §5.2, or a provider's own shape) as one of our codes, blaming the right side. */
function errorFailure(status: number, answer: unknown, response: Response, context: AnswerContext): Failure {
  const record = isRecord(answer) ? answer : {};
  const description = providerText(record.error_description ?? record.message, context.secrets);
  const said = description ? `the provider said: ${description}` : `HTTP ${status}`;
  const code = typeof record.error === 'string' ? record.error : undefined;
  if (code !== undefined && PROVIDER_CODES.has(code)) return new Failure(400, code as 'invalid_client', said);
  // Not one of RFC 6749's codes (access_denied, unauthorized, a number): the status tells.
  if (status === 401 || status === 403) return new Failure(400, 'invalid_client', said);
  if (status === 429 || status >= 500 || code === 'temporarily_unavailable') {
    return new Failure(502, 'provider_unavailable', said, {
      retryAfter: parseRetryAfter(response.headers.get('retry-after'), context.now * 1000),
    });
  }
  if (status >= 400) return new Failure(400, 'invalid_request', said);
  return invalid(said);
}

/** Parses a token endpoint's answer into the token it issued, or throws the Failure it stands for. */
export async function readTokenAnswer(response: Response, context: AnswerContext): Promise<IssuedToken> {
  const text = await response.text();
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  const shape = context.shape;
  const ok = response.status >= 200 && response.status < 300;
  const accessToken =
    isRecord(answer) || Array.isArray(answer) ? at(answer, shape?.accessToken ?? 'access_token') : undefined;
  if (!ok || (isRecord(answer) && accessToken === undefined && answer.error !== undefined)) {
    throw errorFailure(response.status, answer, response, context);
  }
  if (!isRecord(answer)) throw invalid(`HTTP ${response.status}, not a JSON object`);
  if (typeof accessToken !== 'string' || accessToken === '') throw invalid('there is no access token in the answer');
  const tokenType = answer.token_type;
  if (tokenType !== undefined && typeof tokenType !== 'string') throw invalid('token_type is not a string');
  // RFC 6750 Bearer (any case), or none: a Bearer token. DPoP needs a key we do not hold; another
  // scheme is refused, unless the exchange follows a provider profile, which says how its token
  // is used (eBay's "Application Access Token" is sent as a Bearer token).
  const bearer = tokenType === undefined || tokenType.toLowerCase() === 'bearer';
  if (!bearer && (tokenType!.toLowerCase() === 'dpop' || !context.profiled)) {
    throw invalid(`token_type "${cleanText(tokenType!).slice(0, 20)}" is not Bearer`);
  }
  const unit = shape?.unit ?? 's';
  const lifetime = nonNegative(at(answer, shape?.expiresIn ?? 'expires_in'), 'expires_in');
  const expiresIn =
    lifetime !== undefined
      ? unit === 'ms'
        ? lifetime / 1000
        : lifetime
      : shape?.expiresAt
        ? secondsUntil(at(answer, shape.expiresAt), unit, context.now)
        : undefined;
  return {
    accessToken,
    tokenType: 'Bearer',
    ...(expiresIn === undefined ? {} : { expiresIn }),
    ...(shape?.defaultLifetime ? { defaultLifetime: shape.defaultLifetime } : {}),
    scopes: grantedScopes(answer.scope, context),
    captured: captured(answer, accessToken, context),
  };
}
