import { expect } from '@open-wc/testing';
import { RESULT_MESSAGE_TYPE } from '../../protocol/index.js';
import type { OAuthCcConnect } from '../../widget/index.js';
import {
  connectButton,
  connectElement,
  connectWithoutPopup,
  ENDPOINT,
  fakePopup,
  fill,
  fieldNames,
  input,
  json,
  labelOf,
  recordEvents,
  sessionToken,
  shadow,
  stubBrowser,
  until,
} from './support.js';

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIPrivAteKeyNeverLeaks0123456789abcdef\n-----END PRIVATE KEY-----';
// A password input drops line breaks on paste, as a pasted PEM does; the Worker ignores whitespace.
const PEM_AS_ENTERED = PEM.replace(/\n/g, '');

const names = fieldNames;

/** Every attribute value in the page and in the element's shadow root. */
const attributeValues = (el: OAuthCcConnect) =>
  [...document.querySelectorAll('*'), ...shadow(el).querySelectorAll('*')].flatMap((node) =>
    [...node.attributes].map((a) => a.value),
  );

describe('<oauth-cc-connect> private_key_jwt with a pasted key', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser?.restore());
  const token = sessionToken({ authMethod: 'private_key_jwt' });

  it('asks for the private key, masked with the toggle, and an optional key id instead of the secret', async () => {
    const el = await connectElement(token);
    expect(names(el)).to.deep.equal([
      'client_id',
      'private_key',
      'key_id',
      'token_url',
      'scope',
      'audience',
      'resource',
    ]);
    expect(labelOf(el, 'private_key')).to.equal('Private key (PEM)');
    expect(labelOf(el, 'key_id')).to.equal('Key ID (kid)');
    expect(input(el, 'key_id')!.required, 'the key id is optional, and says so').to.be.false;
    expect(input(el, 'key_id')!.closest('[part=field]')!.querySelector('[part=optional]')!.textContent).to.equal(
      'Optional',
    );
    const key = input(el, 'private_key')!;
    expect(key.type).to.equal('password');
    expect(input(el, 'key_id')!.type).to.equal('text');
    shadow(el).querySelector<HTMLButtonElement>('[part=toggle]')!.click();
    await el.updateComplete;
    expect(key.type).to.equal('text');
    await expect(el).to.be.accessible();
  });

  it('requires the key, not the key id', async () => {
    browser = stubBrowser(null);
    const el = await connectElement(token);
    fill(el, { client_id: 'client-1', token_url: 'https://id.example.com/token' });
    connectButton(el).click();
    await el.updateComplete;
    expect(input(el, 'private_key')!.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).querySelector('#private_key-error')!.textContent).to.equal('Required.');
    expect(input(el, 'key_id')!.getAttribute('aria-invalid')).to.equal('false');
    expect(browser.opened).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('posts the key in the form body only, and clears it once connected', async () => {
    const popup = fakePopup();
    browser = stubBrowser(popup.win, ({ url }) => {
      const state = new URL(url).searchParams.get('state');
      return json({ v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'connected', connectionId: 'c1' });
    });
    const el = await connectElement(token);
    const events = recordEvents(el);
    fill(el, {
      client_id: 'client-1',
      private_key: PEM,
      key_id: 'kid-1',
      token_url: 'https://id.example.com/token',
    });
    expect(input(el, 'private_key')!.value).to.equal(PEM_AS_ENTERED);
    connectButton(el).click();
    const { fields, action } = browser.submissions[0]!;
    expect(fields).to.include({ client_id: 'client-1', private_key: PEM_AS_ENTERED, key_id: 'kid-1' });
    expect(fields).not.to.have.property('client_secret');
    expect(attributeValues(el).some((v) => v.includes('PrivAteKey'))).to.be.false;
    popup.closeByUser();
    await until(() => events.length > 0);
    expect(events[0]!.type).to.equal('oauth-cc-connected');
    const sent = [action, ...browser.fetches.map((f) => f.url), JSON.stringify(browser.fetches.map((f) => f.init))];
    expect(sent.filter((text) => text.includes('PrivAteKey'))).to.deep.equal([]);
    expect(JSON.stringify((events[0] as CustomEvent).detail)).not.to.include('PrivAteKey');
    await el.updateComplete;
    expect(input(el, 'private_key'), 'gone once connected, with the form').to.be.null;
  });
});

describe('<oauth-cc-connect> private_key_jwt with a key the Worker holds', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser?.restore());
  const token = sessionToken({ authMethod: 'private_key_jwt', keyId: 'key_1', tenant: 'acme' });

  it('asks for the client id alone and shows the JWKS URL to register', async () => {
    const el = await connectElement(token);
    expect(names(el)).to.deep.equal(['client_id', 'token_url', 'scope', 'audience', 'resource']);
    expect(shadow(el).querySelector('[part=toggle]')).to.be.null;
    expect(shadow(el).querySelector('[part=jwks]')!.textContent).to.equal(`${ENDPOINT}/v1/jwks/acme`);
    expect(shadow(el).textContent).to.include('Register this JWKS URL in the provider\u2019s console.');
    await expect(el).to.be.accessible();
  });

  it('copies the JWKS URL and says so, politely', async () => {
    const copied: string[] = [];
    const { clipboard } = navigator;
    Object.defineProperty(clipboard, 'writeText', {
      configurable: true,
      value: async (text: string) => void copied.push(text),
    });
    try {
      const el = await connectElement(token);
      const copy = shadow(el).querySelector<HTMLButtonElement>('[part=copy]')!;
      expect(copy.textContent!.trim()).to.equal('Copy');
      expect(copy.getAttribute('aria-live')).to.equal('polite');
      copy.click();
      await until(() => copy.textContent!.trim() === 'Copied');
      expect(copied).to.deep.equal([`${ENDPOINT}/v1/jwks/acme`]);
      await expect(el).to.be.accessible();
    } finally {
      delete (clipboard as { writeText?: unknown }).writeText;
    }
  });

  it('connects with no secret and no key', async () => {
    browser = stubBrowser(null);
    const el = await connectElement(token);
    fill(el, { client_id: 'client-1', token_url: 'https://id.example.com/token' });
    await connectWithoutPopup(el);
    const body = browser.fetches[0]!.init.body as URLSearchParams;
    expect([...body.keys()].sort()).to.deep.equal(['client_id', 'session_token', 'state', 'token_url']);
  });
});

describe('<oauth-cc-connect> client_secret_jwt', () => {
  it('asks for the client secret, as the default methods do', async () => {
    const el = await connectElement(sessionToken({ authMethod: 'client_secret_jwt' }));
    expect(names(el)).to.deep.equal(['client_id', 'client_secret', 'token_url', 'scope', 'audience', 'resource']);
  });
});
