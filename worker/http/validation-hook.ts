import type { z } from '@hono/zod-openapi';
import { Failure } from '../common/failure.js';

/** Unknown field names named at most; the rest are counted. */
const MAX_NAMED = 5;

/**
 * A name the client chose (an unknown field, a key of a map), as an answer may repeat it: a
 * short plain name as it is, anything else (long, odd characters, markup) replaced, so an
 * answer never carries more than a few bytes of what was sent.
 */
const shown = (name: PropertyKey) => {
  const text = String(name);
  return /^[A-Za-z0-9_.-]{1,40}$/.test(text) ? text : '(a name not shown)';
};

/** The first problem with a request, as "<field> <predicate>" ("tenant is required"); never the input. */
function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'the request is malformed';
  const field = issue.path.map(shown).join('.');
  if (issue.code === 'unrecognized_keys') {
    const named = issue.keys.slice(0, MAX_NAMED).map(shown).join(', ');
    const more = issue.keys.length > MAX_NAMED ? ` and ${issue.keys.length - MAX_NAMED} more` : '';
    return `${field ? `${field} has` : 'has'} unknown fields: ${named}${more}`;
  }
  return field ? `${field} ${issue.message}` : issue.message;
}

/** @hono/zod-openapi's hook for every route: a failed schema is our one error type, invalid_request. */
export const validationHook = (result: { success: true } | { success: false; error: z.ZodError }) => {
  if (!result.success) throw new Failure(400, 'invalid_request', describeIssues(result.error));
};

/** `value` checked against `schema` where the route itself cannot (after a session is verified, …). */
export function validated<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Failure(400, 'invalid_request', describeIssues(result.error));
  return result.data;
}
