import { encodeBase64Url } from '../protocol/index.js';

/** Form values keyed by the Worker's field names (`client_id`, `token_url`, …). */
export type Fields = Record<string, string>;

/** The visible form's values, trimmed: a pasted secret often drags a newline along. */
export function readFields(form: HTMLFormElement): Fields {
  const fields: Fields = {};
  for (const [name, value] of new FormData(form)) fields[name] = (value as string).trim();
  return fields;
}

/**
 * The `POST /v1/connect` body of a new attempt, with a fresh 128-bit `state` binding the answer
 * to it (RFC 6749 §10.12). Empty fields are left out so the Worker falls back to the session's
 * presets, and an unset audience is absent rather than blank.
 */
export function connectBody(fields: Fields, sessionToken: string, closeAfter?: number): Fields {
  const body: Fields = {
    session_token: sessionToken,
    state: encodeBase64Url(crypto.getRandomValues(new Uint8Array(16))),
  };
  if (closeAfter != null) body.close_after = `${closeAfter}`;
  for (const name in fields) if (fields[name]) body[name] = fields[name];
  return body;
}
