import { isRecord, readUnverifiedClaims, type SessionClaims } from '../protocol/index.js';

type Check = (value: unknown) => boolean;

const text: Check = (value) => typeof value === 'string';
const maybe =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
const list =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
const shape =
  (checks: Record<string, Check>): Check =>
  (value) =>
    isRecord(value) && Object.keys(checks).every((key) => checks[key]!(value[key]));

// Checked: what the element calls methods of (`locked.includes`, `scopes.join`, a field's name as
// an id, a preset's text split in lines) and the preset's docs link, which must be https so that,
// whatever the token says, it never becomes a `javascript:` link. Strings it only shows (client
// id, token URL, tenant…) are rendered as text however they come. A field's name becomes an id
// and a form field's name, hence protocol's rule for it.
const claimsShape = shape({
  locked: maybe(list(text)),
  scopes: maybe(list(text)),
  fields: maybe(
    list(
      shape({
        name: (name) => text(name) && /^[a-z][a-z0-9_]{0,31}$/.test(name as string),
        label: text,
        hint: maybe(text),
        placeholder: maybe(text),
        pattern: maybe(text),
        options: maybe(list(shape({ value: text, label: text }))),
      }),
    ),
  ),
  provider: maybe(
    shape({ name: text, docs: (docs) => text(docs) && /^https:\/\//.test(docs as string), instructions: text }),
  ),
});

/**
 * A session token's claims, for display only (the Worker verifies the token itself):
 * `undefined` while there is no token, `null` when it cannot be read or a claim the element
 * reads has the wrong type. Checked rather than cast, so a malformed token is reported as
 * `session_invalid` instead of breaking the render.
 */
export function readSession(token: string): SessionClaims | null | undefined {
  if (!token) return;
  const claims = readUnverifiedClaims(token);
  return claims && claimsShape(claims) ? claims : null;
}
