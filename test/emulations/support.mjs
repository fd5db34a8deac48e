// What every provider emulation needs: reading a token request the way a strict server does.

/** A JSON answer, as token endpoints send it (RFC 6749 §5.1: no-store). */
export const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

/**
 * The Basic credentials as the many servers that do not form-decode them read them: the id is
 * everything before the first colon, the secret the rest, byte for byte. Null without Basic.
 */
export function basicCredentials(request) {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!match) return null;
  const decoded = atob(match[1]);
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * The request's parameters: the query string's, then an `application/x-www-form-urlencoded`
 * body's. Null when a body of another content type was sent.
 */
export async function formParams(request) {
  const params = new URL(request.url).searchParams;
  const text = await request.text();
  if (!text) return params;
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) return null;
  for (const [name, value] of new URLSearchParams(text)) params.append(name, value);
  return params;
}

/** A JSON object body, or null when the body is not `application/json` or not an object. */
export async function jsonBody(request) {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) return null;
  try {
    const body = await request.json();
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? body : null;
  } catch {
    return null;
  }
}

/** `Basic` with id and secret as they are (what most consoles' docs show). */
export const basic = (id, secret) => `Basic ${btoa(`${id}:${secret}`)}`;

/**
 * `Basic` with id and secret form-encoded first, as RFC 6749 §2.3.1 asks and oauth4webapi does
 * (it also escapes - _ . ! ~ * ' ( )): what a server that does not form-decode refuses.
 */
export const formEncodedBasic = (id, secret) => {
  const encode = (value) =>
    encodeURIComponent(value).replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return basic(encode(id), encode(secret));
};
