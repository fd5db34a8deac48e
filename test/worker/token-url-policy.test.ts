import { describe, expect, it } from 'vitest';
import { Failure } from '../../worker/common/failure.js';
import { allowedUrl, type TokenUrlPolicy } from '../../worker/outbound/url-policy.js';

const production: TokenUrlPolicy = { allowLoopbackHttp: false, allowedPorts: [443] };
const development: TokenUrlPolicy = { ...production, allowLoopbackHttp: true };

/** The policy's verdict on `url`: the allowed URL, or the reason of its token_url_not_allowed refusal. */
function checkTokenUrl(url: string, policy: TokenUrlPolicy) {
  try {
    return { ok: true as const, ...allowedUrl(url, policy) };
  } catch (error) {
    if (!(error instanceof Failure) || error.code !== 'token_url_not_allowed' || error.status !== 400) throw error;
    return { ok: false as const, reason: error.detail!.replace('the token URL is not allowed: ', '') };
  }
}

describe('token URL policy (SSRF)', () => {
  it.each([
    ['http://auth.example.com/token', 'not https'],
    ['https://127.0.0.1/token', 'IP address'],
    ['https://[::1]/token', 'IP address'],
    ['https://2130706433/token', 'IP address'],
    ['https://0x7f.1/token', 'IP address'],
    ['https://169.254.169.254/latest', 'IP address'],
    ['https://u:p@auth.example.com/token', 'user name or password'],
    ['https://auth.example.com:8443/token', 'port 8443'],
    ['https://metadata.google.internal/computeMetadata', 'local or internal'],
    ['https://localhost/token', 'single-label'],
    ['https://printer.local/token', 'local or internal'],
    ['https://intranet/token', 'single-label'],
    ['https://auth.example.com/token#frag', 'fragment'],
    ['not a url', 'not an absolute URL'],
  ])('rejects %s in production', (url, reason) => {
    const verdict = checkTokenUrl(url, production);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toContain(reason);
  });

  it.each([
    'https://127.0.0.1../token',
    'https://169.254.169.254../latest',
    'https://0x7f.1../token',
    'https://localhost../token',
    'https://printer.local../token',
    'https://metadata.google.internal.../computeMetadata',
    'https://127%2E0%2E0%2E1%2E%2E/token',
    'https://intranet../token',
  ])('rejects %s: trailing dots do not hide a host from the rules', (url) => {
    expect(checkTokenUrl(url, production).ok).toBe(false);
  });

  it('refuses empty labels, and calls a trailing-dot host by its canonical name', () => {
    expect(checkTokenUrl('https://auth..example.com/token', production)).toEqual({
      ok: false,
      reason: 'its host name has an empty label',
    });
    const verdict = checkTokenUrl('https://Auth.Example.COM../token', production);
    expect(verdict.ok && verdict.url.href).toBe('https://auth.example.com/token');
    const dev = checkTokenUrl('http://localhost.:9000/token', development);
    expect(dev.ok && dev.url.href).toBe('http://localhost:9000/token');
  });

  it('accepts a public https token URL', () => {
    expect(checkTokenUrl('https://login.microsoftonline.com/tenant/oauth2/v2.0/token', production).ok).toBe(true);
  });

  it('allows extra ports only when configured', () => {
    expect(checkTokenUrl('https://auth.example.com:8443/token', { ...production, allowedPorts: [443, 8443] }).ok).toBe(
      true,
    );
  });

  it('enforces a host allowlist with exact hosts and .suffix entries', () => {
    const policy = { ...production, allowedHosts: ['auth.example.com', '.okta.com'] };
    expect(checkTokenUrl('https://auth.example.com/token', policy).ok).toBe(true);
    expect(checkTokenUrl('https://acme.okta.com/oauth2/v1/token', policy).ok).toBe(true);
    expect(checkTokenUrl('https://evilokta.com/token', policy).ok).toBe(false);
    expect(checkTokenUrl('https://other.example.com/token', policy).ok).toBe(false);
  });

  it('allows http on loopback only in development', () => {
    expect(checkTokenUrl('http://127.0.0.1:9000/token', development).ok).toBe(true);
    expect(checkTokenUrl('http://localhost:9000/token', development).ok).toBe(true);
    expect(checkTokenUrl('http://127.0.0.1:9000/token', production).ok).toBe(false);
    expect(checkTokenUrl('http://10.0.0.1/token', development).ok).toBe(false);
  });

  it('applies a host allowlist to loopback hosts in development too, so the rule can be tested offline', () => {
    const allowlisted = { ...development, allowedHosts: ['127.0.0.1'] };
    expect(checkTokenUrl('http://127.0.0.1:9000/token', allowlisted).ok).toBe(true);
    expect(checkTokenUrl('http://localhost:9000/token', allowlisted)).toEqual({
      ok: false,
      reason: 'the host is not on the allowlist',
    });
  });
});
