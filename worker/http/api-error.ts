import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_MESSAGES, type ApiErrorCode, type ErrorCode } from '../../protocol/index.js';

/**
 * The one error type of the Worker. It renders as RFC 6749 §5.2-style JSON
 * (`{error, error_description}`); its description is written by us and never holds input.
 * `detail` is the particular reason, when there is one (the connect page shows it after the
 * code's general advice).
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ApiErrorCode;
  readonly detail: string | undefined;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: ApiErrorCode, detail?: string, headers: Record<string, string> = {}) {
    super(detail ?? (code in ERROR_MESSAGES ? ERROR_MESSAGES[code as ErrorCode] : code));
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.headers = headers;
  }

  toJSON() {
    return { error: this.code, error_description: this.message };
  }
}

export const invalidRequest = (detail: string) => new ApiError(400, 'invalid_request', detail);
