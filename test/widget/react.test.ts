// The wrapper is imported before support.js (which imports define.js): this page's tag is then
// registered by the wrapper itself, as it is in a React app that imports nothing else.
import { OAuthCcConnect } from '../../widget/react.js';
import { expect } from '@open-wc/testing';
import React, { createRef } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { de } from '../../widget/locales/de.js';
import { OAuthCcConnect as OAuthCcConnectElement } from '../../widget/oauth-cc-connect.js';
import type { OAuthCcCancelledEvent, OAuthCcConnectedEvent, OAuthCcFailedEvent } from '../../widget/react.js';
import {
  connectButton,
  connectedMessage,
  connectWithoutPopup,
  ENDPOINT,
  fakePopup,
  fillValid,
  input,
  json,
  sessionToken,
  shadow,
  statusText,
  stubBrowser,
  until,
} from './support.js';

describe('OAuthCcConnect for React (oauth-cc-connect/react)', () => {
  let container: HTMLElement;
  let root: Root;
  let browser: ReturnType<typeof stubBrowser> | undefined;

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(() => {
    flushSync(() => root.unmount());
    container.remove();
    browser?.restore();
    browser = undefined;
  });

  /** Renders `props` synchronously, layout effects included (that is where the wrapper sets properties). */
  function render(props: React.ComponentProps<typeof OAuthCcConnect>): OAuthCcConnectElement {
    flushSync(() => root.render(React.createElement(OAuthCcConnect, props)));
    return container.querySelector('oauth-cc-connect')!;
  }

  it('registers the element itself and renders it, with its props set as properties', async () => {
    const token = sessionToken();
    const el = render({ endpoint: ENDPOINT, sessionToken: token, closeAfter: 0, timeout: 7, clientId: 'abc' });
    expect(customElements.get('oauth-cc-connect')).to.equal(OAuthCcConnectElement);
    expect(el).to.be.instanceOf(OAuthCcConnectElement);
    expect(el.sessionToken).to.equal(token);
    expect(el.endpoint).to.equal(ENDPOINT);
    expect(el.closeAfter).to.equal(0);
    expect(el.timeout).to.equal(7);
    await el.updateComplete;
    expect(input(el, 'client_id')!.value).to.equal('abc');
    await expect(el).to.be.accessible();
  });

  it('passes a ref to the element, and class names and children through', async () => {
    const ref = createRef<OAuthCcConnectElement>();
    const instructions = React.createElement('p', { slot: 'instructions' }, 'Open the Acme console.');
    flushSync(() =>
      root.render(React.createElement(OAuthCcConnect, { ref, className: 'connect', endpoint: ENDPOINT }, instructions)),
    );
    const el = container.querySelector('oauth-cc-connect')!;
    expect(ref.current).to.equal(el);
    expect(el.className).to.equal('connect');
    expect(el.querySelector('[slot=instructions]')!.textContent).to.equal('Open the Acme console.');
  });

  it('re-renders with new props: the element follows', async () => {
    const el = render({ endpoint: ENDPOINT, sessionToken: sessionToken() });
    const next = sessionToken({ clientId: 'stored-client' });
    expect(render({ endpoint: ENDPOINT, sessionToken: next })).to.equal(el);
    expect(el.sessionToken).to.equal(next);
    await el.updateComplete;
    expect(input(el, 'client_id')!.value).to.equal('stored-client');
  });

  it('calls onConnected once, and onFailed never, for an attempt whose popup was blocked and went inline', async () => {
    browser = stubBrowser(null, ({ init }) => {
      const state = new URLSearchParams(init.body as URLSearchParams).get('state');
      return json(connectedMessage(state, 'conn_react'));
    });
    const failed: OAuthCcFailedEvent[] = [];
    const connected: OAuthCcConnectedEvent[] = [];
    const el = render({
      endpoint: ENDPOINT,
      sessionToken: sessionToken(),
      onFailed: (event) => failed.push(event),
      onConnected: (event) => connected.push(event),
    });
    await el.updateComplete;
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => connected.length === 1);
    expect(failed).to.deep.equal([]);
    expect(connected[0]!.detail).to.deep.equal({ connectionId: 'conn_react', scopes: [], expiresAt: undefined });
    expect(browser.fetches[0]!.url).to.equal(`${ENDPOINT}/v1/connect`);
  });

  it('calls onCancelled when the person closes the window and the Worker never saw the attempt', async () => {
    const popup = fakePopup();
    browser = stubBrowser(popup.win, () => json({ status: 'unknown' }, 404));
    const cancelled: OAuthCcCancelledEvent[] = [];
    const el = render({ endpoint: ENDPOINT, sessionToken: sessionToken(), onCancelled: (e) => cancelled.push(e) });
    el.pollInterval = 20;
    await el.updateComplete;
    fillValid(el);
    connectButton(el).click();
    popup.closeByUser();
    await until(() => cancelled.length === 1);
    expect(cancelled[0]!.type).to.equal('oauth-cc-cancelled');
  });

  it('calls the handler of the latest render, and none once it is removed', async () => {
    browser = stubBrowser(null, () => json({ error: 'rate_limited', error_description: 'Too many attempts.' }, 429));
    const calls: string[] = [];
    const props = { endpoint: ENDPOINT, sessionToken: sessionToken() };
    const el = render({ ...props, onFailed: () => calls.push('first') });
    render({ ...props, onFailed: () => calls.push('second') });
    await el.updateComplete;
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => calls.length === 1);
    expect(calls).to.deep.equal(['second']);
    render(props);
    await connectWithoutPopup(el);
    await until(() => el.status === 'failed' && browser!.fetches.length === 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).to.deep.equal(['second']);
  });

  it('renders every string when the wrapper passes strings={undefined}, as @lit/react does on each render', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    addEventListener('error', onError);
    try {
      const el = render({ endpoint: ENDPOINT, sessionToken: sessionToken(), strings: undefined });
      await el.updateComplete;
      expect(el.strings).to.equal(undefined);
      expect(shadow(el).querySelector('label[for=client_id]')!.textContent).to.equal('Client ID');
      expect(connectButton(el).textContent!.trim()).to.equal('Connect');
      render({ endpoint: ENDPOINT, sessionToken: sessionToken(), strings: { connect: 'Acme verbinden' } });
      await el.updateComplete;
      expect(connectButton(el).textContent!.trim()).to.equal('Acme verbinden');
      expect(shadow(el).querySelector('label[for=client_id]')!.textContent, 'the rest stays').to.equal('Client ID');
    } finally {
      removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });

  it('takes a locale through the strings prop', async () => {
    const el = render({ endpoint: ENDPOINT, sessionToken: sessionToken(), strings: de });
    await el.updateComplete;
    expect(shadow(el).querySelector('label[for=client_secret]')!.textContent).to.equal('Geheimer Clientschlüssel');
    expect(connectButton(el).textContent!.trim()).to.equal('Verbinden');
    expect(statusText(el)).to.equal('');
  });
});
