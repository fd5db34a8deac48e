import { expect } from '@open-wc/testing';
import { RESULT_MESSAGE_TYPE } from '../../protocol/index.js';
import type { OAuthCcConnectedEvent, OAuthCcFailedEvent } from '../../widget/index.js';
import { askServer } from '../../widget/result-channel.js';
import {
  connectButton,
  connectedMessage,
  connectElement,
  ENDPOINT,
  fakePopup,
  fillValid,
  json,
  recordEvents,
  statusText,
  stubBrowser,
  until,
} from './support.js';

describe('<oauth-cc-connect> when the popup closes without a message', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser.restore());

  /** Starts an attempt whose popup the person then closes; the Worker answers with `answers` in turn. */
  async function closedPopup(answers: ((state: string) => Response)[]) {
    const popup = fakePopup();
    let asked = 0;
    browser = stubBrowser(popup.win, ({ url }) => {
      const state = new URL(url).searchParams.get('state')!;
      return answers[Math.min(asked++, answers.length - 1)]!(state);
    });
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    await new Promise((r) => setTimeout(r, 60));
    expect(browser.fetches, 'the route is asked only once the popup is closed').to.have.length(0);
    popup.closeByUser();
    return { el, events, state: browser.submissions[0]!.fields.state! };
  }

  it('asks the result route with the session token, then reports cancelled when the Worker never saw the attempt', async () => {
    const { el, events, state } = await closedPopup([() => json({ status: 'unknown' }, 404)]);
    await until(() => events.length > 0);
    expect(events.map((e) => e.type)).to.deep.equal(['oauth-cc-cancelled']);
    // Cancelled on the Worker's third `unknown`, an interval apart: the post may still be on its way.
    expect(browser.fetches).to.have.length(3);
    const [call] = browser.fetches;
    expect(call!.url).to.equal(`${ENDPOINT}/v1/connect/result?state=${state}`);
    expect(call!.init.headers).to.deep.equal({ Authorization: `Bearer ${el.sessionToken}` });
    expect(el.status).to.equal('idle');
    await el.updateComplete;
    expect(statusText(el)).to.equal('The window was closed before connecting.');
  });

  it('does not report cancelled when the popup reads closed at once (COOP) and the Worker has not seen the post yet', async () => {
    const popup = fakePopup();
    let asked = 0;
    browser = stubBrowser(popup.win, ({ url }) => {
      const state = new URL(url).searchParams.get('state')!;
      return asked++ === 0 ? json({ status: 'unknown' }, 404) : json(connectedMessage(state));
    });
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    popup.closeByUser();
    await until(() => events.length > 0);
    expect(events.map((e) => e.type)).to.deep.equal(['oauth-cc-connected']);
    expect(asked).to.equal(2);
  });

  it('keeps asking while the attempt is pending, and reports the connection the Worker made', async () => {
    const { el, events } = await closedPopup([
      () => json({ status: 'pending' }),
      () => json({ status: 'pending' }),
      (state) => json(connectedMessage(state)),
    ]);
    await until(() => events.length > 0);
    expect(browser.fetches.length).to.equal(3);
    expect(events.map((e) => e.type)).to.deep.equal(['oauth-cc-connected']);
    expect((events[0] as OAuthCcConnectedEvent).detail).to.deep.equal({
      connectionId: 'conn_7',
      scopes: [],
      expiresAt: undefined,
    });
    expect(el.matches(':state(connected)')).to.be.true;
    await new Promise((r) => setTimeout(r, 60));
    expect(browser.fetches.length, 'no asking after the outcome').to.equal(3);
  });

  it('keeps asking through network errors', async () => {
    const { events } = await closedPopup([
      () => {
        throw new TypeError('Failed to fetch');
      },
      (state) => json(connectedMessage(state)),
    ]);
    await until(() => events.length > 0);
    expect(events[0]!.type).to.equal('oauth-cc-connected');
  });

  it('reports the failure the Worker recorded', async () => {
    const { events } = await closedPopup([
      (state) =>
        json({
          v: 1,
          type: RESULT_MESSAGE_TYPE,
          state,
          status: 'failed',
          error: { code: 'invalid_client', message: 'Rejected.' },
        }),
    ]);
    await until(() => events.length > 0);
    expect((events[0] as OAuthCcFailedEvent).detail).to.deep.equal({ code: 'invalid_client', message: 'Rejected.' });
  });

  it('reports an invalid or expired session the route answers with 401', async () => {
    const { events } = await closedPopup([
      () => json({ error: 'session_expired', error_description: 'This connect session has expired.' }, 401),
    ]);
    await until(() => events.length > 0);
    expect((events[0] as OAuthCcFailedEvent).detail).to.deep.equal({
      code: 'session_expired',
      message: 'This connect session has expired.',
    });
  });

  it('times out if the Worker stays pending', async () => {
    const popup = fakePopup();
    browser = stubBrowser(popup.win, () => json({ status: 'pending' }));
    const el = await connectElement(undefined, 0.3);
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    popup.closeByUser();
    await until(() => events.length > 0);
    expect((events[0] as OAuthCcFailedEvent).detail.code).to.equal('timeout');
    const asked = browser.fetches.length;
    expect(asked).to.be.greaterThan(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(browser.fetches.length).to.equal(asked);
  });
});

describe('askServer', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser.restore());
  const signal = new AbortController().signal;

  it('reads pending, unknown, and ignores an answer for another state', async () => {
    const answers = [
      json({ status: 'pending' }),
      json({ status: 'unknown' }, 404),
      json(connectedMessage('other-state')),
      new Response('<html>', { status: 500 }),
    ];
    browser = stubBrowser(null, () => answers.shift()!);
    expect(await askServer(ENDPOINT, 'tok', 'my-state', signal)).to.equal('pending');
    expect(await askServer(ENDPOINT, 'tok', 'my-state', signal)).to.equal('unknown');
    expect(await askServer(ENDPOINT, 'tok', 'my-state', signal)).to.equal('pending');
    expect(await askServer(ENDPOINT, 'tok', 'my-state', signal)).to.equal('pending');
  });

  it('does not read any 404 as "never received": a wrong path or a proxy says nothing of the attempt', async () => {
    const answers = [
      new Response('<html><h1>Not Found</h1>', { status: 404 }),
      json({ error: 'not_found', error_description: 'No such route.' }, 404),
    ];
    browser = stubBrowser(null, () => answers.shift()!);
    expect(await askServer(ENDPOINT, 'tok', 'my-state', signal)).to.equal('pending');
    expect(await askServer(ENDPOINT, 'tok', 'my-state', signal)).to.equal('pending');
  });
});
