import { invalidRequest } from '../common/failure.js';

// Provider profiles' templates (protocol/provider-profile.ts): `{name}` placeholders in a token
// URL, in parameter values and in header values, filled from the fields the person typed and the
// values the host set. A value is checked by where it lands, so no value can change a URL's host,
// the shape of its path or its origin; the URL that results is then vetted by the URL policy like
// any other before anything is sent.

const PLACEHOLDER = /\{([a-z][a-z0-9_]{0,31})\}/g;

/** The names a template's placeholders refer to, in order. */
export const placeholders = (template: string): string[] => [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);

/** One DNS label (RFC 1123 §2.1): what a typed value may be where it lands in a host. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/** Labels joined by dots: a value from a preset's own closed list (a region's domain) may span several. */
const LABELS = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

interface TemplateValue {
  value: string;
  /** The field the person typed it into (for the refusal's text); undefined for a host's value. */
  field?: string;
  /** From a closed list the session offered: it may span several host labels. */
  listed?: boolean;
}

export type TemplateValues = Record<string, TemplateValue>;

function lookUp(values: TemplateValues, name: string): TemplateValue {
  const found = values[name];
  if (found === undefined || found.value === '') throw invalidRequest(`${name} is required`);
  return found;
}

/** Where in a URL a placeholder stands: the host, a path segment, the query. */
type Place = 'host' | 'path' | 'query';

function checked(name: string, { value, field, listed }: TemplateValue, place: Place): string {
  const what = field ?? name;
  if (place === 'host') {
    if (!(listed ? LABELS : LABEL).test(value)) {
      throw invalidRequest(
        `${what} must be ${listed ? 'one of the listed values' : 'one DNS label (letters, digits and hyphens)'}`,
      );
    }
    return value.toLowerCase();
  }
  if (place === 'path') {
    if (value === '.' || value === '..' || /[/?#%\\]/.test(value)) {
      throw invalidRequest(`${what} must be one path segment, without / ? # % or \\, and not . or ..`);
    }
    return encodeURIComponent(value);
  }
  return encodeURIComponent(value);
}

/**
 * The token URL a template names once its placeholders are filled, each value checked by where
 * it lands: in the host one DNS label (or a listed value, which may span labels), in the path
 * one segment, in the query percent-encoded. Throws invalid_request naming the field. The result
 * must still pass the URL policy (the caller vets it).
 */
export function fillUrl(template: string, values: TemplateValues): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?$/i.exec(template);
  if (!match) throw invalidRequest('the token URL template is not an absolute URL');
  const [, scheme, host = '', path = '', query = ''] = match;
  const fill = (part: string, place: Place) =>
    part.replace(PLACEHOLDER, (_, name: string) => checked(name, lookUp(values, name), place));
  const url = `${scheme}${fill(host, 'host')}${fill(path, 'path')}${fill(query, 'query')}`;
  // The host the template's own text and the checked values spell is the host the URL has: no
  // value could add a port, user info or another label.
  const expected = fill(host, 'host').toLowerCase();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest('the token URL the fields make is not a URL');
  }
  if (parsed.host !== expected) throw invalidRequest('the fields would change the token URL’s host');
  return url;
}

/** A parameter's or header's value, its placeholders filled as they are (the body's encoding escapes them). */
export function fillText(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) => lookUp(values, name).value);
}
