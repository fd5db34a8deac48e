import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_MESSAGES, isResultMessage, readUnverifiedClaims } from '../../protocol/index.js';

const connected = {
  v: 1,
  type: 'oauth-cc:result',
  state: 'abcdefghijklmnopqrstuv',
  status: 'connected',
  connectionId: 'conn_1',
};
const failed = {
  v: 1,
  type: 'oauth-cc:result',
  state: 'abcdefghijklmnopqrstuv',
  status: 'failed',
  error: { code: 'invalid_client', message: 'no' },
};

describe('protocol', () => {
  it('has advice for every error code', () => {
    for (const code of ERROR_CODES) expect(ERROR_MESSAGES[code].length).toBeGreaterThan(20);
  });

  it('accepts well-formed result messages', () => {
    expect(isResultMessage(connected)).toBe(true);
    expect(isResultMessage({ ...connected, scopes: ['a'], expiresAt: 1_900_000_000 })).toBe(true);
    expect(isResultMessage(failed)).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'oauth-cc:result'],
    ['another version', { ...connected, v: 2 }],
    ['another type', { ...connected, type: 'other' }],
    ['no state', { ...connected, state: '' }],
    ['an unknown status', { ...connected, status: 'pending' }],
    ['connected without an id', { ...connected, connectionId: undefined }],
    ['connected with an error', { ...connected, error: failed.error }],
    ['failed without an error', { ...failed, error: undefined }],
    ['an unknown error code', { ...failed, error: { code: 'made_up', message: 'x' } }],
    ['scopes that are not strings', { ...connected, scopes: [1] }],
    ['an expiry that is not a number', { ...connected, expiresAt: 'soon' }],
  ])('rejects %s', (_, data) => {
    expect(isResultMessage(data)).toBe(false);
  });

  it('reads unverified claims, and nothing from garbage', () => {
    const payload = btoa(JSON.stringify({ v: 1, tenant: 't', locked: ['tokenUrl'] })).replace(/=+$/, '');
    expect(readUnverifiedClaims(`${payload}.sig`)).toMatchObject({ tenant: 't', locked: ['tokenUrl'] });
    expect(readUnverifiedClaims('not-a-token')).toBeNull();
    expect(readUnverifiedClaims('')).toBeNull();
  });
});
