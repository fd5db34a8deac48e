import type { Context } from 'hono';
import { isRecord } from '../../protocol/index.js';
import { invalidRequest } from '../common/failure.js';

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * A body of string fields: a form (`application/x-www-form-urlencoded`), or, where `json` allows
 * it, a JSON object of strings. Any other content type (multipart included: no route takes
 * files) is refused by name, so a caller learns what to send instead of a misleading error.
 */
export async function readFields(c: Context, { json = false } = {}): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  const accepted = json
    ? 'a form (application/x-www-form-urlencoded) or JSON'
    : 'a form (application/x-www-form-urlencoded)';
  if (FORM.test(type)) {
    const fields: Record<string, string> = {};
    // Read as bytes: a form is not a text/* body, and decoding it is URLSearchParams' job.
    const text = new TextDecoder().decode(await c.req.arrayBuffer());
    for (const [name, value] of new URLSearchParams(text)) fields[name] = value;
    return fields;
  }
  if (!json || !JSON_TYPE.test(type))
    throw invalidRequest(`the body must be ${accepted}, not ${contentTypeName(type)}`);
  const body = await readJson(c);
  if (!isRecord(body) || !Object.values(body).every((value) => typeof value === 'string')) {
    throw invalidRequest('the body must be a JSON object of strings');
  }
  return body as Record<string, string>;
}

/** The media type alone, and only when it looks like one: never more of what the client sent. */
const contentTypeName = (header: string) => {
  const media = header.split(';')[0]!.trim().toLowerCase();
  return /^[a-z]+\/[a-z0-9.+-]{1,60}$/.test(media) ? media : 'an unknown content type';
};

export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw invalidRequest('the body must be JSON');
  }
}
