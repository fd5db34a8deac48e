import type { Context } from 'hono';
import { invalidRequest } from './api-error.js';

export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw invalidRequest('the body must be JSON');
  }
}

/** A form's string fields (urlencoded or multipart); files and unreadable bodies count as absent. */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}));
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
  return form;
}
