import { describe, expect, it } from 'vitest';
import { Failure } from '../../worker/common/failure.js';
import type { ConnectionRecord } from '../../worker/connections/connection-record.js';
import { connectionStatus } from '../../worker/connections/status.js';
import {
  brokenFailure,
  decideAfterFailure,
  decideToken,
  tokenView,
  waitFailure,
} from '../../worker/connections/token-policy.js';

// The token API's decisions, branch by branch, from the row alone: no runtime, no clock.

const ISSUED = 1_800_000_000;
/** A 100 s token: refreshed from ISSUED + 75, expired from ISSUED + 100. */
const row = (overrides: Partial<ConnectionRecord> = {}): ConnectionRecord => ({
  id: 'conn_aaaaaaaaaaaaaaaaaaaaaa',
  tenant: 'acme',
  tokenUrl: 'https://auth.example.com/token',
  issuer: null,
  clientId: 'client',
  keyId: null,
  scopes: [],
  authMethod: 'client_secret_basic',
  params: {},
  profile: null,
  captured: {},
  expiresAt: ISSUED + 100,
  createdAt: ISSUED,
  updatedAt: ISSUED,
  lastCheckedAt: ISSUED,
  lastError: null,
  probe: null,
  tokenType: 'bearer',
  tokenScopes: ['api.read'],
  issuedAt: ISSUED,
  credentialsVersion: 1,
  lastErrorMessage: null,
  retryNotBefore: null,
  sealed: { credential: 'sealed', accessToken: 'sealed' },
  ...overrides,
});

describe('decideToken', () => {
  it('serves a token before 75 % of its life', () => {
    expect(decideToken(row(), ISSUED + 74)).toEqual({ action: 'serve' });
  });

  it('refreshes from 75 % of its life, and once expired', () => {
    expect(decideToken(row(), ISSUED + 75)).toEqual({ action: 'refresh' });
    expect(decideToken(row(), ISSUED + 500)).toEqual({ action: 'refresh' });
  });

  it('however short the lifetime, serves a token younger than 10 s, and refreshes it from 10 s', () => {
    const oneSecond = row({ expiresAt: ISSUED + 1 });
    expect(decideToken(oneSecond, ISSUED + 9)).toEqual({ action: 'serve' });
    expect(decideToken(oneSecond, ISSUED + 10)).toEqual({ action: 'refresh' });
    expect(decideToken(row({ expiresAt: ISSUED }), ISSUED + 9)).toEqual({ action: 'serve' });
  });

  it('answers a broken connection with its error, however fresh its token', () => {
    expect(decideToken(row({ lastError: 'invalid_client' }), ISSUED)).toEqual({ action: 'broken' });
    expect(decideToken(row({ lastError: 'invalid_scope' }), ISSUED + 500)).toEqual({ action: 'broken' });
  });

  it('does not treat a transient failure as broken', () => {
    expect(decideToken(row({ lastError: 'provider_unavailable' }), ISSUED + 10)).toEqual({ action: 'serve' });
  });

  it('during a back-off, serves the old token while it has not expired', () => {
    const backingOff = row({ lastError: 'network_error', retryNotBefore: ISSUED + 120 });
    expect(decideToken(backingOff, ISSUED + 90)).toEqual({ action: 'serve' });
  });

  it('during a back-off, tells an expired token to wait the rest of it', () => {
    const backingOff = row({ lastError: 'provider_unavailable', retryNotBefore: ISSUED + 130 });
    expect(decideToken(backingOff, ISSUED + 100)).toEqual({ action: 'wait', retryAfter: 30 });
  });

  it('forced, refreshes a fresh token once it is 30 s old, and serves a younger one', () => {
    expect(decideToken(row(), ISSUED + 29, { force: true })).toEqual({ action: 'serve' });
    expect(decideToken(row(), ISSUED + 30, { force: true })).toEqual({ action: 'refresh' });
  });

  it('forced, still answers a broken connection with its error and respects a back-off', () => {
    expect(decideToken(row({ lastError: 'invalid_client' }), ISSUED + 60, { force: true })).toEqual({
      action: 'broken',
    });
    const backingOff = row({ lastError: 'provider_unavailable', retryNotBefore: ISSUED + 120 });
    expect(decideToken(backingOff, ISSUED + 60, { force: true })).toEqual({ action: 'serve' });
  });

  it('refreshes again once the back-off is over', () => {
    const backedOff = row({ lastError: 'provider_unavailable', retryNotBefore: ISSUED + 130 });
    expect(decideToken(backedOff, ISSUED + 130)).toEqual({ action: 'refresh' });
  });
});

describe('decideAfterFailure', () => {
  const failure = (code: 'invalid_client' | 'provider_unavailable' | 'network_error', retryAfter?: number) =>
    new Failure(code === 'invalid_client' ? 400 : 502, code, `said ${code}`, { retryAfter });
  const advice = (code: 'invalid_client' | 'provider_unavailable') => failure(code).advice;

  it('breaks the connection when the provider rejects the credentials, with no back-off', () => {
    expect(decideAfterFailure(row(), failure('invalid_client'), ISSUED + 80)).toEqual({
      stored: { code: 'invalid_client', message: advice('invalid_client'), retryNotBefore: null },
      decision: { action: 'broken' },
    });
  });

  it("backs off for the provider's Retry-After and keeps serving a token that still works", () => {
    expect(decideAfterFailure(row(), failure('provider_unavailable', 60), ISSUED + 80)).toEqual({
      stored: { code: 'provider_unavailable', message: advice('provider_unavailable'), retryNotBefore: ISSUED + 140 },
      decision: { action: 'serve' },
    });
  });

  it('makes an expired token wait out the back-off', () => {
    const { decision } = decideAfterFailure(row(), failure('provider_unavailable', 60), ISSUED + 100);
    expect(decision).toEqual({ action: 'wait', retryAfter: 60 });
  });

  it('backs off 10 s when the provider gave no Retry-After', () => {
    const { stored: recorded } = decideAfterFailure(row(), failure('network_error'), ISSUED + 200);
    expect(recorded.retryNotBefore).toBe(ISSUED + 210);
  });

  it('never backs off less than 10 s, whatever the provider says', () => {
    const { stored: recorded, decision } = decideAfterFailure(row(), failure('provider_unavailable', 0), ISSUED + 200);
    expect(recorded.retryNotBefore).toBe(ISSUED + 210);
    expect(decision).toEqual({ action: 'wait', retryAfter: 10 });
  });

  it('caps a Retry-After at one hour', () => {
    const { stored: recorded, decision } = decideAfterFailure(
      row(),
      failure('provider_unavailable', 86_400),
      ISSUED + 200,
    );
    expect(recorded.retryNotBefore).toBe(ISSUED + 200 + 3600);
    expect(decision).toEqual({ action: 'wait', retryAfter: 3600 });
  });
});

describe('connectionStatus', () => {
  it('is active without an error, refresh_failing after a transient one, broken after a rejection', () => {
    expect(connectionStatus(null)).toBe('active');
    expect(connectionStatus('provider_unavailable')).toBe('refresh_failing');
    expect(connectionStatus('network_error')).toBe('refresh_failing');
    expect(connectionStatus('invalid_client')).toBe('broken');
    expect(connectionStatus('probe_failed')).toBe('broken');
    expect(connectionStatus('credentials_unreadable')).toBe('broken');
  });
});

describe('token outcomes', () => {
  it('hands out the token type in RFC 6750 spelling and the scopes space-separated', () => {
    const served = tokenView({
      accessToken: 'at',
      tokenType: 'bearer',
      expiresAt: ISSUED + 100,
      scopes: ['a', 'b'],
    });
    expect(served).toEqual({
      access_token: 'at',
      token_type: 'Bearer',
      expires_at: ISSUED + 100,
      scope: 'a b',
      values: {},
    });
    const dpop = tokenView({ accessToken: 'at', tokenType: 'DPoP', expiresAt: 1, scopes: [] });
    expect(dpop.token_type).toBe('DPoP');
  });

  it('answers a broken connection 409 with its code and what to do', () => {
    expect(brokenFailure(row({ lastError: 'invalid_client', lastErrorMessage: 'Rejected.' })).toData()).toEqual({
      status: 409,
      code: 'invalid_client',
      detail: 'Rejected. The connection must be reconnected.',
    });
  });

  it('answers a back-off 503 with Retry-After', () => {
    expect(waitFailure(row({ lastError: 'provider_unavailable', lastErrorMessage: 'Down.' }), 42).toData()).toEqual({
      status: 503,
      code: 'provider_unavailable',
      detail: 'Down. The token has expired; try again in 42 s.',
      retryAfter: 42,
    });
  });
});
