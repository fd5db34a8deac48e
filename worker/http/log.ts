/** What a log line may carry: never a body, token, secret or provider text. */
export interface LogFields {
  code?: string;
  status?: number;
  host?: string;
  /** A prefix of the attempt's state: enough to correlate, too short to use. */
  attempt?: string;
  error?: string;
}

export function loggedFailure(event: string, fields: LogFields): void {
  console.warn(JSON.stringify({ event, ...fields }));
}
