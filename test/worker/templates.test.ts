import { describe, expect, it } from 'vitest';
import { Failure } from '../../worker/common/failure.js';
import { fillText, fillUrl, placeholders, type TemplateValues } from '../../worker/exchange/templates.js';

// Templated token URLs (provider profiles): each value is checked by where it lands, so no value
// can change the host, the path's shape or the origin.

const typed = (value: string, field = 'tenant'): TemplateValues[string] => ({ value, field });
const refusal = (template: string, values: TemplateValues) => {
  try {
    fillUrl(template, values);
  } catch (error) {
    if (error instanceof Failure && error.code === 'invalid_request' && error.status === 400) return error.detail;
    throw error;
  }
  return null;
};

describe('fillUrl', () => {
  it('fills a tenant in the path, a subdomain in the host and a value in the query', () => {
    expect(
      fillUrl('https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token', {
        tenant: typed('contoso.onmicrosoft.com'),
      }),
    ).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
    expect(
      fillUrl('https://{my_domain}.my.salesforce.com/services/oauth2/token', {
        my_domain: typed('Acme--UAT', 'my_domain'),
      }),
    ).toBe('https://acme--uat.my.salesforce.com/services/oauth2/token');
    expect(fillUrl('https://zoom.us/oauth/token?account_id={account}', { account: typed('a b&c=d') })).toBe(
      'https://zoom.us/oauth/token?account_id=a%20b%26c%3Dd',
    );
  });

  it('takes a listed value that spans several labels, but a typed one only as one label', () => {
    const region = { value: 'mypurecloud.de', field: 'region', listed: true };
    expect(fillUrl('https://login.{region}/oauth/token', { region })).toBe('https://login.mypurecloud.de/oauth/token');
    expect(refusal('https://login.{region}/oauth/token', { region: typed('mypurecloud.de', 'region') })).toMatch(
      /region must be one DNS label/,
    );
  });

  it.each([
    ['a host past the preset’s: a dot', 'evil.com#', 'host'],
    ['a host past the preset’s: a port', 'acme:8443', 'host'],
    ['a host past the preset’s: user info', 'a@evil.com', 'host'],
    ['a host past the preset’s: a slash', 'evil.com/x', 'host'],
    ['a host past the preset’s: an encoded dot', 'evil%2ecom', 'host'],
    ['another path: a slash', '../../admin', 'path'],
    ['another path: a dot segment', '..', 'path'],
    ['another path: a backslash', 'a\\b', 'path'],
    ['another path: an encoded slash', 'a%2Fb', 'path'],
    ['another path: a query', 'a?b=c', 'path'],
    ['another path: a fragment', 'a#b', 'path'],
  ])('refuses %s (%j in the %s), naming the field', (_, value, place) => {
    const template =
      place === 'host'
        ? 'https://{tenant}.my.salesforce.com/services/oauth2/token'
        : 'https://login.example.com/{tenant}/token';
    expect(refusal(template, { tenant: typed(value) })).toContain('tenant must be');
  });

  it('refuses a missing value by name', () => {
    expect(refusal('https://{org}.okta.com/oauth2/default/v1/token', {})).toBe('org is required');
  });
});

describe('fillText', () => {
  it('fills parameters and headers as they are (the body encodes them)', () => {
    expect(fillText('urn:dtaccount:{account}', { account: typed('1f2e') })).toBe('urn:dtaccount:1f2e');
    expect(placeholders('server:{client_id}:v1 (by /u/{user})')).toEqual(['client_id', 'user']);
  });
});
