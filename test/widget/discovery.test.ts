import { expect } from '@open-wc/testing';
import type { DiscoveryAnswer } from '../../protocol/index.js';
import type { OAuthCcConnect } from '../../widget/index.js';
import {
  commit,
  connectElement,
  ENDPOINT,
  fill,
  input,
  json,
  SECRET,
  shadow,
  statusText,
  stubBrowser,
  until,
} from './support.js';

const ISSUER = 'https://login.acme.example';
const answer = (issuer = ISSUER, scopes = ['api.read', 'api.write']): DiscoveryAnswer => ({
  issuer,
  token_endpoint: `${issuer}/oauth/token`,
  token_endpoint_auth_methods_supported: ['client_secret_basic'],
  scopes_supported: scopes,
});

/** What discovery found is announced in the element's status region (role="status", polite). */
const found = (el: OAuthCcConnect) => statusText(el);
const suggestions = (el: OAuthCcConnect) => [...(input(el, 'scope')!.list?.options ?? [])].map((o) => o.value);
const settle = () => new Promise((r) => setTimeout(r, 30));

describe('<oauth-cc-connect> discovery of an issuer', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser.restore());

  it('asks the Worker once the value is committed, says what it found and suggests its scopes', async () => {
    browser = stubBrowser(null, () => json(answer()));
    const el = await connectElement();
    fill(el, { client_id: 'client-1', client_secret: SECRET, token_url: ISSUER });
    await settle();
    expect(browser.fetches, 'not on every keystroke').to.have.length(0);
    commit(el, 'token_url', ` ${ISSUER} `);
    await until(() => found(el) !== '');
    expect(found(el)).to.equal(`Found the token endpoint of ${ISSUER}.`);
    expect(shadow(el).querySelector('[part=status]')!.getAttribute('role')).to.equal('status');
    expect(input(el, 'token_url')!.getAttribute('aria-invalid')).to.equal('false');
    expect(suggestions(el)).to.deep.equal(['api.read', 'api.write']);
    const [call] = browser.fetches;
    expect(call!.url).to.equal(`${ENDPOINT}/v1/discover`);
    expect(call!.init.method).to.equal('POST');
    expect(call!.init.headers).to.deep.equal({ Accept: 'application/json' });
    const body = call!.init.body as URLSearchParams;
    expect([...body.keys()].sort()).to.deep.equal(['issuer', 'session_token']);
    expect(body.get('issuer')).to.equal(ISSUER);
    expect(body.get('session_token')).to.equal(el.sessionToken);
    expect(JSON.stringify([call!.url, body.toString()])).not.to.include(SECRET);
    await expect(el).to.be.accessible();
  });

  it('asks nothing for a value that is not an https (or loopback http) URL, and drops what it had found', async () => {
    browser = stubBrowser(null, () => json(answer()));
    const el = await connectElement();
    commit(el, 'token_url', ISSUER);
    await until(() => found(el) !== '');
    for (const value of ['http://login.acme.example', 'login.acme.example', '']) commit(el, 'token_url', value);
    await settle();
    expect(browser.fetches).to.have.length(1);
    expect(found(el)).to.equal('');
    expect(suggestions(el)).to.deep.equal([]);
    commit(el, 'token_url', 'http://127.0.0.1:8787');
    await settle();
    expect(browser.fetches).to.have.length(2);
  });

  it('lets the newest value win: the late answer for an older value is ignored', async () => {
    let answerFirst!: () => void;
    browser = stubBrowser(null, ({ init }) => {
      const body = init.body as URLSearchParams;
      if (body.get('issuer') === 'https://old.example') {
        return new Promise((resolve) => (answerFirst = () => resolve(json(answer('https://old.example', ['old'])))));
      }
      return json(answer(ISSUER, ['new']));
    });
    const el = await connectElement();
    commit(el, 'token_url', 'https://old.example');
    commit(el, 'token_url', ISSUER);
    await until(() => found(el) !== '');
    answerFirst();
    await settle();
    expect(found(el)).to.equal(`Found the token endpoint of ${ISSUER}.`);
    expect(suggestions(el)).to.deep.equal(['new']);
  });

  it('says nothing when discovery fails: the value may be a token URL', async () => {
    for (const respond of [
      () => json({ error: 'discovery_failed', error_description: 'No metadata.' }, 400),
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => new Response('<html>Bad gateway</html>', { status: 200 }),
    ]) {
      browser = stubBrowser(null, respond);
      const el = await connectElement();
      commit(el, 'token_url', 'https://id.example.com/oauth/token');
      await until(() => browser.fetches.length === 1);
      await settle();
      expect(shadow(el).querySelector('[part=error]')).to.be.null;
      expect(found(el)).to.equal('');
      expect(suggestions(el)).to.deep.equal([]);
      expect(el.status).to.equal('idle');
      browser.restore();
    }
    browser = stubBrowser(null);
  });
});
