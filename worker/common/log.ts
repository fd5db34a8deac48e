/** What a log line may carry: never a body, token, secret or provider text. */
export interface LogFields {
  code?: string;
  status?: number;
  host?: string;
  /** A prefix of the attempt's state: enough to correlate, too short to use. */
  attempt?: string;
  /** The request's id (Cloudflare's ray id, or one of ours), also answered as `X-Request-Id`. */
  requestId?: string;
  error?: string;
}

export function logEvent(event: string, fields: LogFields): void {
  console.warn(JSON.stringify({ event, ...fields }));
}

/** A message, cut: an error's message is ours or a library's, but never needs to be long. */
const MAX_MESSAGE = 300;

/** `at file:line:column` of the first stack frame below the message, to find the throw site. */
function firstFrame(error: Error): string | undefined {
  return error.stack
    ?.split('\n')
    .find((line) => /^\s+at /.test(line))
    ?.trim();
}

/**
 * An error nobody expected (our own fault): its name, message, first stack frame and the
 * request's id, and its cause's name and message, so the line alone says where to look. Never
 * a body, token or secret: those never reach an error's message in this code.
 */
export function logUnexpected(event: string, error: unknown, requestId?: string): void {
  const describe = (value: unknown) =>
    value instanceof Error
      ? { name: value.name, message: value.message.slice(0, MAX_MESSAGE), at: firstFrame(value) }
      : { name: typeof value };
  const cause = error instanceof Error && error.cause !== undefined ? { cause: describe(error.cause) } : {};
  console.error(JSON.stringify({ event, requestId, error: describe(error), ...cause }));
}
