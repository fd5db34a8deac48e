import { expect } from '@open-wc/testing';
import { RESULT_MESSAGE_TYPE } from '../../protocol/index.js';
import type { OAuthCcConnectedEvent, OAuthCcFailedEvent } from '../../widget/index.js';
import {
  connectButton,
  connectElement,
  ENDPOINT,
  fakePopup,
  fillValid,
  json,
  recordEvents,
  shadow,
  statusText,
  stubBrowser,
  until,
  connectWithoutPopup,
  inlineButton,
  noticeKind,
  settled,
} from './support.js';

const connected = (state: string) => ({
  v: 1,
  type: RESULT_MESSAGE_TYPE,
  state,
  status: 'connected',
  connectionId: 'conn_42',
  scopes: ['read'],
  expiresAt: 1900000000,
});

const post = (data: unknown, origin: string, source: Window) =>
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));

const tick = () => new Promise((r) => setTimeout(r, 30));

describe('<oauth-cc-connect> connecting through the popup', () => {
  let browser: ReturnType<typeof stubBrowser>;
  let popup: ReturnType<typeof fakePopup>;
  beforeEach(() => {
    popup = fakePopup();
    browser = stubBrowser(popup.win);
  });
  afterEach(() => {
    browser.restore();
    popup.closeByUser();
  });

  async function startAttempt() {
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    await el.updateComplete;
    const { state } = browser.submissions[0]!.fields;
    return { el, events, state: state! };
  }

  it('opens one named, centred popup and posts the form into it, then waits', async () => {
    const { el, state } = await startAttempt();
    expect(browser.opened).to.have.length(1);
    const [url, name, features] = browser.opened[0]!;
    expect(url).to.equal('');
    expect(name).to.equal(`oauth-cc-${state}`);
    expect(features).to.match(/^popup,width=480,height=640,left=-?[\d.]+,top=-?[\d.]+$/);
    const [submission] = browser.submissions;
    expect(submission).to.include({ action: `${ENDPOINT}/v1/connect`, method: 'post', target: name });
    expect(submission!.fields).to.include({
      client_id: 'client-123',
      token_url: 'https://id.example.com/oauth/token',
      scope: 'read write',
    });
    expect(submission!.fields.session_token).to.equal(el.sessionToken);
    expect(state).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(shadow(el).querySelectorAll('form')).to.have.length(1);
    expect(el.status).to.equal('pending');
    expect(el.matches(':state(pending)')).to.be.true;
    expect(connectButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(statusText(el)).to.equal('Connecting…');
  });

  it('makes a new state for every attempt and sends close-after when set', async () => {
    const { el, state } = await startAttempt();
    post(connected(state), ENDPOINT, popup.win);
    await until(() => el.status === 'connected');
    el.closeAfter = 0;
    shadow(el).querySelector<HTMLButtonElement>('[part=reset]')!.click();
    await el.updateComplete;
    fillValid(el);
    connectButton(el).click();
    expect(browser.submissions[1]!.fields.state).not.to.equal(state);
    expect(browser.submissions[1]!.fields.close_after).to.equal('0');
    expect(browser.submissions[0]!.fields).not.to.have.property('close_after');
  });

  it('ignores messages from another origin, another window, another attempt or of another shape', async () => {
    const { el, events, state } = await startAttempt();
    const other = fakePopup();
    post(connected(state), 'https://evil.example', popup.win);
    post(connected(state), `${ENDPOINT}:8443`, popup.win);
    post(connected(state), ENDPOINT, other.win);
    post(connected(state), ENDPOINT, window);
    post(connected('another-state-aaaaaaaaaa'), ENDPOINT, popup.win);
    post({ ...connected(state), v: 2 }, ENDPOINT, popup.win);
    post({ ...connected(state), connectionId: undefined }, ENDPOINT, popup.win);
    post({ ...connected(state), status: 'failed' }, ENDPOINT, popup.win);
    post(JSON.stringify(connected(state)), ENDPOINT, popup.win);
    post(null, ENDPOINT, popup.win);
    await tick();
    other.closeByUser();
    expect(events).to.have.length(0);
    expect(el.status).to.equal('pending');
  });

  it('reports the right message once, as oauth-cc-connected, and moves focus to the confirmation’s action', async () => {
    const { el, events, state } = await startAttempt();
    post(connected(state), ENDPOINT, popup.win);
    post(connected(state), ENDPOINT, popup.win);
    await el.updateComplete;
    await tick();
    post(connected(state), ENDPOINT, popup.win);
    await tick();
    expect(events).to.have.length(1);
    const [event] = events as OAuthCcConnectedEvent[];
    expect(event!.type).to.equal('oauth-cc-connected');
    expect(event!.bubbles && event!.composed).to.be.true;
    expect(event!.detail).to.deep.equal({ connectionId: 'conn_42', scopes: ['read'], expiresAt: 1900000000 });
    expect(el.matches(':state(connected)')).to.be.true;
    expect(statusText(el)).to.equal('Connected.');
    expect(shadow(el).querySelector('[part=status]')!.getAttribute('role')).to.equal('status');
    expect(shadow(el).activeElement?.textContent?.trim(), 'focus is on Use different credentials').to.equal(
      'Use different credentials',
    );
    expect(popup.calls.close).to.equal(0);
  });

  it('reports a failed result as oauth-cc-failed with the Worker’s message', async () => {
    const { el, events, state } = await startAttempt();
    const message = 'The provider rejected the Client ID or Client Secret.';
    post(
      { v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'failed', error: { code: 'invalid_client', message } },
      ENDPOINT,
      popup.win,
    );
    await until(() => events.length > 0);
    const [event] = events as OAuthCcFailedEvent[];
    expect(event!.type).to.equal('oauth-cc-failed');
    expect(event!.detail).to.deep.equal({ code: 'invalid_client', message });
    expect(el.matches(':state(failed)')).to.be.true;
    await el.updateComplete;
    expect(statusText(el)).to.equal(message);
  });

  it('lets strings.errors reword an outcome', async () => {
    const { el, events, state } = await startAttempt();
    el.strings = { ...el.strings, errors: { ...el.strings?.errors, invalid_client: 'Falsche Zugangsdaten.' } };
    post(
      { v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'failed', error: { code: 'invalid_client', message: 'x' } },
      ENDPOINT,
      popup.win,
    );
    await until(() => events.length > 0);
    expect((events[0] as OAuthCcFailedEvent).detail.message).to.equal('Falsche Zugangsdaten.');
  });

  it('does not open a second popup on a second click while pending, but brings the first forward', async () => {
    const { el } = await startAttempt();
    connectButton(el).click();
    connectButton(el).click();
    await el.updateComplete;
    expect(browser.opened).to.have.length(1);
    expect(browser.submissions).to.have.length(1);
    expect(popup.calls.focus).to.equal(2);
  });

  it('times out: reports timeout, closes the popup and stops listening', async () => {
    const el = await connectElement(undefined, 0.2);
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    const { state } = browser.submissions[0]!.fields;
    await until(() => events.length > 0);
    expect((events[0] as OAuthCcFailedEvent).detail).to.deep.equal({
      code: 'timeout',
      message: 'Timed out. Try again.',
    });
    expect(popup.calls.close).to.equal(1);
    expect(el.matches(':state(failed)')).to.be.true;
    post(connected(state!), ENDPOINT, popup.win);
    await tick();
    expect(events).to.have.length(1);
  });

  it('cleans up when removed mid-attempt: popup closed, no listener, no polling', async () => {
    const { el, events, state } = await startAttempt();
    el.remove();
    expect(popup.calls.close).to.equal(1);
    post(connected(state), ENDPOINT, popup.win);
    await tick();
    await tick();
    expect(events).to.have.length(0);
    expect(browser.fetches).to.have.length(0);
    expect(el.status).to.equal('idle');
  });
});

describe('<oauth-cc-connect> when the browser blocks the popup', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser.restore());

  it('offers to connect without a popup, as a state: no event until the person chooses, then one', async () => {
    browser = stubBrowser(null, ({ init }) => {
      const state = new URLSearchParams(init.body as URLSearchParams).get('state');
      return json(connected(state!));
    });
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    await el.updateComplete;
    expect(browser.submissions).to.have.length(0);
    expect(events, 'nothing to report yet: the person has a choice to make').to.deep.equal([]);
    expect(el.status).to.equal('blocked');
    expect(el.matches(':state(blocked)')).to.be.true;
    expect(statusText(el)).to.equal('The pop-up was blocked.');
    expect(noticeKind(el)).to.equal('warn');
    const inline = inlineButton(el)!;
    expect(inline.textContent!.trim()).to.equal('Connect without a pop-up');
    await settled(el);
    expect(shadow(el).activeElement, 'the offer has the focus').to.equal(inline);
    await expect(el).to.be.accessible();

    inline.click();
    expect(el.status).to.equal('pending');
    await until(() => events.length === 1);
    const [call] = browser.fetches;
    expect(call!.url).to.equal(`${ENDPOINT}/v1/connect`);
    expect(call!.init.method).to.equal('POST');
    expect(call!.init.headers).to.deep.equal({ Accept: 'application/json' });
    expect(call!.init.body).to.be.instanceOf(URLSearchParams);
    expect(events.map((e) => e.type)).to.deep.equal(['oauth-cc-connected']);
    expect((events[0] as OAuthCcConnectedEvent).detail.connectionId).to.equal('conn_42');
    await el.updateComplete;
    expect(statusText(el)).to.equal('Connected.');
    expect(inlineButton(el)).to.be.null;
  });

  it('fires nothing however often the popup is blocked, and tries the popup again on Connect', async () => {
    browser = stubBrowser(null);
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    for (let i = 0; i < 3; i++) {
      connectButton(el).click();
      await el.updateComplete;
    }
    expect(browser.opened).to.have.length(3);
    expect(events).to.deep.equal([]);
    expect(el.status).to.equal('blocked');
  });

  it('shows an inline failure the Worker answers with an error status', async () => {
    browser = stubBrowser(null, ({ init }) => {
      const state = new URLSearchParams(init.body as URLSearchParams).get('state');
      const error = { code: 'invalid_scope', message: 'The provider rejected the requested scopes.' };
      return json({ v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'failed', error }, 502);
    });
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => events.length === 1);
    expect((events[0] as OAuthCcFailedEvent).detail.code).to.equal('invalid_scope');
    await el.updateComplete;
    expect(statusText(el)).to.equal('The provider rejected the requested scopes.');
  });

  it('reports network_error when the Worker cannot be reached inline', async () => {
    browser = stubBrowser(null, () => Promise.reject(new TypeError('Failed to fetch')));
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => events.length === 1);
    expect(events.map((e) => (e as OAuthCcFailedEvent).detail.code)).to.deep.equal(['network_error']);
  });
});
