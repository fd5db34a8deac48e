import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { defaultStrings } from '../../widget/index.js';
import {
  advanced,
  connectButton,
  connectElement,
  ENDPOINT,
  fieldNames,
  fill,
  input,
  labelOf,
  noticeKind,
  sessionToken,
  shadow,
  statusText,
  stubBrowser,
  connectWithoutPopup,
} from './support.js';
import type { OAuthCcConnect } from '../../widget/index.js';

describe('<oauth-cc-connect> rendering', () => {
  it('is accessible, idle and with every field of an unlocked session', async () => {
    const el = await connectElement();
    await expect(el).to.be.accessible();
    expect(el.matches(':state(idle)')).to.be.true;
    expect(fieldNames(el)).to.deep.equal(['client_id', 'client_secret', 'token_url', 'scope', 'audience', 'resource']);
    expect(labelOf(el, 'client_secret')).to.equal('Client Secret');
    expect(labelOf(el, 'token_url')).to.equal('Issuer or token URL');
    expect(input(el, 'client_secret')!.type).to.equal('password');
    expect(statusText(el)).to.equal('');
  });

  it('is accessible with validation messages showing', async () => {
    const el = await connectElement();
    connectButton(el).click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('fills the defaults from its attributes, timeout 120 s unless told', async () => {
    const el = await fixture<OAuthCcConnect>(html`<oauth-cc-connect
      endpoint=${ENDPOINT}
      session-token=${sessionToken()}
      client-id="abc"
      token-url="https://login.example.com/token"
      scopes="read:all write:all"
    ></oauth-cc-connect>`);
    expect(input(el, 'client_id')!.value).to.equal('abc');
    expect(input(el, 'token_url')!.value).to.equal('https://login.example.com/token');
    expect(input(el, 'scope')!.value).to.equal('read:all write:all');
    expect(input(el, 'client_secret')!.value).to.equal('');
    expect(el.timeout).to.equal(120);
  });

  it('in a reconnect session, says what it updates, shows the stored client id, hides what is locked', async () => {
    const el = await connectElement(
      sessionToken({
        connectionId: 'conn_AAAAAAAAAAAAAAAAAAAAAA',
        clientId: 'stored-client',
        tokenUrl: 'https://login.acme.example/oauth/token',
        scopes: ['api.read'],
        locked: ['tokenUrl', 'scopes', 'params'],
      }),
    );
    expect(shadow(el).querySelector('[part=heading]')!.textContent).to.equal(
      'Update the credentials for login.acme.example.',
    );
    expect(input(el, 'client_id')!.value).to.equal('stored-client');
    expect(fieldNames(el)).to.deep.equal(['client_id', 'client_secret']);
    expect(advanced(el), 'nothing optional is left to fold away').to.be.null;
    await expect(el).to.be.accessible();
  });

  it('has no heading outside a reconnect session', async () => {
    const el = await connectElement();
    expect(shadow(el).querySelector('[part=heading]')).to.be.null;
  });

  it('falls back to the session presets of fields it does not lock', async () => {
    const el = await connectElement(sessionToken({ tokenUrl: 'https://preset.example.com/token', scopes: ['a', 'b'] }));
    expect(input(el, 'token_url')!.value).to.equal('https://preset.example.com/token');
    expect(input(el, 'scope')!.value).to.equal('a b');
  });

  it('takes an issuer as the token URL preset, and hides the field when the session locks the issuer', async () => {
    const issuer = 'https://login.acme.example';
    expect(input(await connectElement(sessionToken({ issuer })), 'token_url')!.value).to.equal(issuer);
    const both = sessionToken({ issuer, tokenUrl: 'https://login.acme.example/token' });
    expect(input(await connectElement(both), 'token_url')!.value).to.equal('https://login.acme.example/token');
    const el = await connectElement(sessionToken({ issuer, locked: ['issuer'] }));
    expect(input(el, 'token_url')).to.be.null;
  });

  it('in a reconnect session of an issuer, names the issuer host', async () => {
    const el = await connectElement(
      sessionToken({ connectionId: 'conn_A', issuer: 'https://login.acme.example', locked: ['issuer'] }),
    );
    expect(shadow(el).querySelector('[part=heading]')!.textContent).to.equal(
      'Update the credentials for login.acme.example.',
    );
  });

  it('does not render the fields the session locks', async () => {
    const el = await connectElement(
      sessionToken({ locked: ['tokenUrl', 'params'], tokenUrl: 'https://x.example.com/t' }),
    );
    expect(fieldNames(el)).to.deep.equal(['client_id', 'client_secret', 'scope']);
    expect(shadow(el).textContent).not.to.include('token URL');
    await expect(el).to.be.accessible();
  });

  it('says a token it cannot read is not valid, and still renders every unlocked field', async () => {
    const el = await connectElement('not-a-token');
    expect(fieldNames(el)).to.have.length(6);
    expect(noticeKind(el)).to.equal('error');
    expect(statusText(el)).to.equal('This connect session is not valid. Reload the page and try again.');
    await expect(el).to.be.accessible();
  });

  it('says nothing before a host has given it a token', async () => {
    const el = await fixture<OAuthCcConnect>(html`<oauth-cc-connect endpoint=${ENDPOINT}></oauth-cc-connect>`);
    expect(statusText(el)).to.equal('');
    expect(noticeKind(el)).to.equal('');
  });

  it('shows and hides the secret with an icon button inside the field, a toggle with one name', async () => {
    const el = await connectElement();
    const toggle = shadow(el).querySelector<HTMLButtonElement>('[part=toggle]')!;
    expect(toggle.parentElement).to.equal(input(el, 'client_secret')!.parentElement);
    expect(toggle.textContent!.trim(), 'an icon, no text').to.equal('');
    expect(toggle.querySelector('svg')).to.exist;
    expect(toggle.getAttribute('aria-label')).to.equal('Show');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.click();
    await el.updateComplete;
    expect(input(el, 'client_secret')!.type).to.equal('text');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(toggle.getAttribute('aria-label')).to.equal('Show');
    expect(toggle.title).to.equal('Hide');
    toggle.click();
    await el.updateComplete;
    expect(input(el, 'client_secret')!.type).to.equal('password');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
  });

  it('takes every string from `strings`', async () => {
    const el = await connectElement();
    el.strings = { ...defaultStrings, client_id: 'Kunden-ID', connect: 'Verbinden', required: 'Pflichtfeld.' };
    await el.updateComplete;
    expect(labelOf(el, 'client_id')).to.equal('Kunden-ID');
    expect(connectButton(el).textContent!.trim()).to.equal('Verbinden');
    connectButton(el).click();
    await el.updateComplete;
    expect(shadow(el).querySelector('#client_id-error')!.textContent).to.equal('Pflichtfeld.');
  });
});

describe('<oauth-cc-connect> validation', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser.restore());

  it('makes no request, opens no window or frame and listens to no window event before the first click', async () => {
    browser = stubBrowser(null);
    const listened: string[] = [];
    const { addEventListener } = window;
    window.addEventListener = (
      type: string,
      ...rest: [EventListenerOrEventListenerObject, AddEventListenerOptions?]
    ) => {
      listened.push(type);
      addEventListener.call(window, type, ...rest);
    };
    try {
      const el = await connectElement(sessionToken({ locked: ['scopes'] }));
      fill(el, { client_id: 'typing' });
      await el.updateComplete;
      expect(shadow(el).querySelectorAll('iframe')).to.have.length(0);
    } finally {
      window.addEventListener = addEventListener;
    }
    expect(listened).to.deep.equal([]);
    expect(browser.fetches).to.have.length(0);
    expect(browser.opened).to.have.length(0);
  });

  it('marks empty required fields, ties the messages to them and focuses the first; no popup', async () => {
    browser = stubBrowser(null);
    const el = await connectElement();
    fill(el, { client_secret: 'x' });
    connectButton(el).click();
    await el.updateComplete;
    const id = input(el, 'client_id')!;
    expect(id.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).getElementById(id.getAttribute('aria-describedby')!)!.textContent).to.equal('Required.');
    expect(input(el, 'client_secret')!.getAttribute('aria-invalid')).to.equal('false');
    expect(input(el, 'client_secret')!.hasAttribute('aria-describedby')).to.be.false;
    expect(input(el, 'token_url')!.getAttribute('aria-invalid')).to.equal('true');
    await new Promise((r) => setTimeout(r));
    expect(shadow(el).activeElement?.id).to.equal('client_id');
    expect(browser.opened).to.have.length(0);
    expect(el.matches(':state(idle)')).to.be.true;
  });

  it('accepts only https token URLs, and http on loopback', async () => {
    browser = stubBrowser(null);
    const el = await connectElement();
    const verdict = async (url: string) => {
      fill(el, { client_id: 'a', client_secret: 'b', token_url: url });
      connectButton(el).click();
      await el.updateComplete;
      return shadow(el).querySelector('#token_url-error')?.textContent ?? 'ok';
    };
    expect(await verdict('http://id.example.com/token')).to.equal('Enter an https URL.');
    expect(await verdict('ftp://id.example.com/token')).to.equal('Enter an https URL.');
    expect(await verdict('id.example.com/token')).to.equal('Enter an https URL.');
    expect(await verdict('http://localhost.evil.com/token')).to.equal('Enter an https URL.');
    expect(await verdict('https://id.example.com/token')).to.equal('ok');
    expect(await verdict('http://127.0.0.1:8787/sandbox/token')).to.equal('ok');
    expect(await verdict('http://localhost/token')).to.equal('ok');
  });

  it('trims what was pasted and leaves out empty fields', async () => {
    browser = stubBrowser(null);
    const el = await connectElement();
    fill(el, { client_id: '  id-1 ', client_secret: 'x\n', token_url: ' https://id.example.com/t ', scope: '' });
    await connectWithoutPopup(el);
    const body = new URLSearchParams(browser.fetches[0]!.init.body as URLSearchParams);
    expect(body.get('client_id')).to.equal('id-1');
    expect(body.get('client_secret')).to.equal('x');
    expect(body.get('token_url')).to.equal('https://id.example.com/t');
    expect(body.has('scope')).to.be.false;
    expect(body.has('audience')).to.be.false;
  });

  it('works from the keyboard alone: Tab through the fields, Enter connects', async () => {
    browser = stubBrowser(null);
    const el = await connectElement();
    input(el, 'client_id')!.focus();
    await sendKeys({ type: 'kbd-id' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'kbd-secret' });
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement?.getAttribute('part')).to.equal('toggle');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(input(el, 'client_secret')!.type).to.equal('text');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'https://id.example.com/token' });
    await sendKeys({ press: 'Enter' });
    expect(browser.opened).to.have.length(1);
    await el.updateComplete;
    expect(el.matches(':state(blocked)')).to.be.true;
  });
});
