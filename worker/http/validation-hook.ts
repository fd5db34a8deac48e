import type { z } from '@hono/zod-openapi';
import { Failure } from '../common/failure.js';

/** The first problem with a request, as "<field> <predicate>" ("tenant is required"); never the input. */
function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'the request is malformed';
  const field = issue.path.join('.');
  if (issue.code === 'unrecognized_keys')
    return `${field ? `${field} has` : 'has'} unknown fields: ${issue.keys.join(', ')}`;
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
