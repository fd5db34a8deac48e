import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { describeError, ERROR_MESSAGES, isErrorCode, type ApiErrorCode } from '../../protocol/index.js';

/** A failure as it crosses a boundary that carries no classes (a Durable Object's RPC, a stored row). */
export interface FailureData {
  code: ApiErrorCode;
  status: ContentfulStatusCode;
  detail?: string;
  retryAfter?: number;
}

/**
 * The one failure type of the Worker: every layer (URL policy, exchange, discovery, probe, token
 * policy, storage, routes) throws or returns it, and one handler per route renders it. Its status
 * blames the right side (DESIGN.md): our input checks 4xx; the provider rejecting what was
 * entered 4xx with its RFC 6749 §5.2 code; the provider failing 502, silent 504; us 500.
 * `detail` is the particular reason, written by us (or provider text already made safe): it
 * never holds raw input or a secret. `cause` keeps what was caught, for the log.
 */
export class Failure extends Error {
  readonly code: ApiErrorCode;
  readonly status: ContentfulStatusCode;
  readonly detail: string | undefined;
  /** Seconds before asking again (RFC 9110 §10.2.3), answered as `Retry-After`. */
  readonly retryAfter: number | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: ApiErrorCode,
    detail?: string,
    { retryAfter, cause }: { retryAfter?: number; cause?: unknown } = {},
  ) {
    super(detail ?? (isErrorCode(code) ? ERROR_MESSAGES[code] : code), cause === undefined ? {} : { cause });
    this.name = 'Failure';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  /** What a person is told: our advice for the code, then the particular reason (the connect page, the result message). */
  get advice(): string {
    return isErrorCode(this.code) ? describeError(this.code, this.detail) : this.message;
  }

  /** RFC 6749 §5.2's shape, which every error answer of the API has. */
  toJSON() {
    return { error: this.code, error_description: this.message };
  }

  toData(): FailureData {
    return {
      code: this.code,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter }),
    };
  }

  static fromData({ status, code, detail, retryAfter }: FailureData): Failure {
    return new Failure(status, code, detail, { retryAfter });
  }
}

export const invalidRequest = (detail: string, cause?: unknown) =>
  new Failure(400, 'invalid_request', detail, { cause });

/** A deployment whose settings are unsafe or unusable: it answers this rather than run. */
export const misconfigured = (why: string, cause?: unknown) =>
  new Failure(500, 'server_misconfigured', `The server is misconfigured: ${why}.`, { cause });

/** Anything thrown, as a Failure: itself, or our own fault (500 server_error) keeping it as the cause. */
export const asFailure = (error: unknown): Failure =>
  error instanceof Failure ? error : new Failure(500, 'server_error', undefined, { cause: error });
