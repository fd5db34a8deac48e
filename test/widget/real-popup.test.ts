import { expect, fixture, html } from '@open-wc/testing';
import type { OAuthCcConnect, OAuthCcConnectedEvent } from '../../widget/index.js';
import { connectButton, fillValid, recordEvents, SECRET, sessionToken, until } from './support.js';

// The test browser runs with popup blocking off, so this opens a real window.
describe('<oauth-cc-connect> with a real popup', () => {
  it('posts the form into the popup it opened and takes the answer it posts back', async () => {
    const opened: (Window | null)[] = [];
    const { open } = window;
    window.open = (...args: Parameters<typeof window.open>) => {
      opened.push(open.apply(window, args));
      return opened[0]!;
    };
    const endpoint = `${location.origin}/fake-worker`;
    const el = await fixture<OAuthCcConnect>(
      html`<oauth-cc-connect endpoint=${endpoint} session-token=${sessionToken()} close-after="0"></oauth-cc-connect>`,
    );
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    window.open = open;
    expect(opened[0], 'a real window').to.be.ok;
    await until(() => events.length > 0, 4000);
    expect((events[0] as OAuthCcConnectedEvent).detail).to.deep.equal({
      connectionId: 'conn_real',
      scopes: ['read'],
      expiresAt: undefined,
    });
    const last = await (await fetch('/fake-worker/last')).json();
    expect(last.method).to.equal('POST');
    expect(last.url).to.equal('/fake-worker/v1/connect');
    expect(last.contentType).to.equal('application/x-www-form-urlencoded');
    expect(last.fields).to.include({
      client_id: 'client-123',
      client_secret: SECRET,
      session_token: el.sessionToken,
      close_after: '0',
    });
    expect(last.fields.state).to.match(/^[A-Za-z0-9_-]{22}$/);
    await until(() => opened[0]!.closed);
  });
});
