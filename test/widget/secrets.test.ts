import { expect } from '@open-wc/testing';
import { RESULT_MESSAGE_TYPE } from '../../protocol/index.js';
import type { OAuthCcConnect } from '../../widget/index.js';
import {
  connectButton,
  connectElement,
  ENDPOINT,
  fakePopup,
  fillValid,
  input,
  json,
  recordEvents,
  SECRET,
  shadow,
  stubBrowser,
  until,
  connectWithoutPopup,
} from './support.js';

/** Every attribute value in the page and in the element's shadow root. */
function attributeValues(el: OAuthCcConnect): string[] {
  const elements = [...document.querySelectorAll('*'), ...shadow(el).querySelectorAll('*')];
  return elements.flatMap((node) => [...node.attributes].map((a) => a.value));
}

const detailOf = (event: Event) => JSON.stringify((event as CustomEvent).detail ?? null);

describe('<oauth-cc-connect> keeps the secret to the POST body', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser.restore());

  it('in the popup flow, whatever the outcome route', async () => {
    const popup = fakePopup();
    browser = stubBrowser(popup.win, ({ url }) => {
      const state = new URL(url).searchParams.get('state');
      return json({ v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'connected', connectionId: 'c1' });
    });
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    expect(browser.submissions[0]!.fields.client_secret, 'it is posted').to.equal(SECRET);
    expect(attributeValues(el).some((v) => v.includes(SECRET))).to.be.false;
    expect(shadow(el).querySelectorAll('form'), 'the post form is gone').to.have.length(1);
    popup.closeByUser();
    await until(() => events.length > 0);
    const urls = [
      ...browser.opened.map((args) => String(args[0])),
      ...browser.fetches.map((f) => f.url),
      browser.submissions[0]!.action,
    ];
    expect(urls.filter((u) => u.includes(SECRET))).to.deep.equal([]);
    expect(events.map(detailOf).filter((d) => d.includes(SECRET))).to.deep.equal([]);
    expect(JSON.stringify(browser.fetches.map((f) => f.init))).not.to.include(SECRET);
    await el.updateComplete;
    expect(input(el, 'client_secret'), 'gone once connected, with the form').to.be.null;
    shadow(el).querySelector<HTMLButtonElement>('[part=reset]')!.click();
    await el.updateComplete;
    expect(input(el, 'client_secret')!.value, 'empty in the form that comes back').to.equal('');
    expect(attributeValues(el).some((v) => v.includes(SECRET))).to.be.false;
  });

  it('in the inline flow and in every failure', async () => {
    browser = stubBrowser(null, () => json({ error: 'session_invalid', error_description: 'Not valid.' }, 401));
    const el = await connectElement(undefined, 0.2);
    const events = recordEvents(el);
    fillValid(el);
    shadow(el).querySelector<HTMLButtonElement>('[part=toggle]')!.click();
    await connectWithoutPopup(el);
    await until(() => events.length === 1);
    expect(events.map((e) => (e as CustomEvent).detail.code)).to.deep.equal(['session_invalid']);
    const [call] = browser.fetches;
    expect(call!.url).to.equal(`${ENDPOINT}/v1/connect`);
    expect((call!.init.body as URLSearchParams).get('client_secret'), 'only in the body').to.equal(SECRET);
    expect(events.map(detailOf).filter((d) => d.includes(SECRET))).to.deep.equal([]);
    expect(attributeValues(el).some((v) => v.includes(SECRET))).to.be.false;
  });
});
