import { describe, expect, it } from 'vitest';
import { echoesSecret, providerText } from '../../worker/exchange/provider-text.js';
import { parseRetryAfter } from '../../worker/exchange/retry-after.js';

const SECRET = 'strict:secret/with&odd=chars';
const base64 = (text: string) => btoa(text);

describe('echoesSecret', () => {
  it.each([
    ['the whole secret', `bad secret ${SECRET}`],
    ['an 8-character piece', 'got et/with& from you'],
    ['percent-encoded', `got ${encodeURIComponent(SECRET)}`],
    ['percent-encoded in lower case', 'got strict%3asecret%2fwith'],
    ['form-encoded', `got ${new URLSearchParams({ s: SECRET }).toString()}`],
    ['base64', `Basic ${base64(`client:${SECRET}`)}`],
    ['base64 of a piece at another byte offset', base64(SECRET.slice(4, 20))],
    ['base64url', base64(SECRET.slice(1)).replace(/\+/g, '-').replace(/\//g, '_')],
  ])('finds %s', (_, text) => {
    expect(echoesSecret(text, SECRET)).toBe(true);
  });

  it('does not see a secret in text that shares only short runs with it', () => {
    expect(echoesSecret('client authentication failed: secret mismatch, odd request', SECRET)).toBe(false);
  });

  it('counts only pieces long enough to mean something: a short secret is never found in text', () => {
    // With a one-character secret every text would "echo" it, and a granted scope be ignored.
    expect(echoesSecret('api.read api.write', 'a')).toBe(false);
    expect(echoesSecret('you sent abc', 'abc')).toBe(false);
    expect(echoesSecret('you sent abcdefgh', 'abcdefgh')).toBe(true);
  });
});

describe('providerText', () => {
  it('withholds an echo before cutting, so a piece straddling the cut does not survive', () => {
    const text = `${'x'.repeat(185)} ${SECRET}`;
    expect(providerText(text, [SECRET])).toBe(
      "the provider's description was withheld because it repeated the credentials",
    );
  });

  it('removes control characters and cuts long text to 200 characters', () => {
    expect(providerText('line\u0000one\nline two', [SECRET])).toBe('line one line two');
    expect(providerText('y'.repeat(300), [SECRET])).toHaveLength(200);
    expect(providerText(42, [SECRET])).toBeUndefined();
  });

  it('removes C1 controls, line separators and bidirectional overrides, which could reorder what the page shows', () => {
    expect(providerText('bad\u0085client\u2028id', [SECRET])).toBe('bad client id');
    expect(providerText('invalid \u202Etneilc\u202C, \u2066see\u2069 docs\u200F', [SECRET])).toBe(
      'invalid tneilc, see docs',
    );
    expect(providerText('\u202E\u2069', [SECRET])).toBeUndefined();
  });

  it('cuts by characters, never halving one outside the BMP', () => {
    const text = `${'y'.repeat(198)}🔑🔑🔑`;
    const shown = providerText(text, [SECRET]) ?? '';
    expect(Array.from(shown)).toHaveLength(200);
    expect(shown.endsWith('🔑…')).toBe(true);
    expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  it.each([
    ['120', 120],
    ['0', 0],
    ['Sun, 29 Nov 2026 12:01:00 GMT', 60],
    ['Sunday, 29-Nov-26 12:02:00 GMT', 120],
    ['Sun Nov 29 12:00:30 2026', 30],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
  ])('reads %s as %i s', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });

  it.each(['-5', '1.5', 'soon', '2026-11-29T12:01:00Z', '99999999999', ''])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
