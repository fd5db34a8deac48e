import { isErrorCode, type ErrorCode } from './error-codes.js';
import { isRecord } from './is-record.js';

export const RESULT_MESSAGE_TYPE = 'oauth-cc:result';

/** An attempt's `state`: at least 128 random bits as base64url (22 characters). */
export const STATE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export interface ResultError {
  code: ErrorCode;
  message: string;
}

/**
 * What the completion page posts to the opener and what `GET /v1/connect/result` answers.
 * It never carries a secret or a token: only the attempt's outcome.
 */
export interface ResultMessage {
  v: 1;
  type: typeof RESULT_MESSAGE_TYPE;
  state: string;
  status: 'connected' | 'failed';
  connectionId?: string;
  /** Scopes the provider granted (RFC 6749 §5.1). */
  scopes?: string[];
  /** When the first access token expires, in seconds since the epoch. */
  expiresAt?: number;
  error?: ResultError;
}

/** An attempt's outcome, before it is addressed to the attempt's `state`. */
export type AttemptOutcome =
  | { status: 'connected'; connectionId: string; scopes?: string[]; expiresAt?: number }
  | { status: 'failed'; error: ResultError };

/** The one place a result message is put together, so every channel sends the same shape. */
export function resultMessage(state: string, outcome: AttemptOutcome): ResultMessage {
  return { v: 1, type: RESULT_MESSAGE_TYPE, state, ...outcome };
}

const isOptional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value);

const isString = (value: unknown): value is string => typeof value === 'string';

function isResultError(value: unknown): value is ResultError {
  return isRecord(value) && isErrorCode(value.code) && isString(value.message);
}

/** Hand-written guard: a `message` event's data comes from another window and is untrusted. */
export function isResultMessage(data: unknown): data is ResultMessage {
  if (!isRecord(data)) return false;
  if (data.v !== 1 || data.type !== RESULT_MESSAGE_TYPE) return false;
  if (!isString(data.state) || !data.state) return false;
  if (!isOptional(data.scopes, (s) => Array.isArray(s) && s.every(isString))) return false;
  // Number.isFinite is false for anything that is not a number.
  if (!isOptional(data.expiresAt, Number.isFinite)) return false;
  if (data.status === 'connected') {
    return isString(data.connectionId) && !!data.connectionId && data.error === undefined;
  }
  if (data.status === 'failed') return isResultError(data.error);
  return false;
}
