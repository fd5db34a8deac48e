import { expect } from '@open-wc/testing';
import type { OAuthCcConnect } from '../../widget/index.js';
import {
  connectButton,
  connectedMessage,
  connectElement,
  connectWithoutPopup,
  ENDPOINT,
  fakePopup,
  fieldNames,
  fill,
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
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUPublicPart0123456789\n-----END CERTIFICATE-----';
const CERTIFICATE_AS_ENTERED = CERTIFICATE.replace(/\n/g, '');

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

  it('asks for the private key, masked with the toggle, an optional key id and certificate instead of the secret', async () => {
    const el = await connectElement(token);
    expect(names(el)).to.deep.equal([
      'client_id',
      'private_key',
      'key_id',
      'certificate',
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
    // A certificate is public: optional, in plain sight, beside the key it goes with.
    expect(labelOf(el, 'certificate')).to.equal('Certificate (PEM)');
    expect(input(el, 'certificate')!.required).to.be.false;
    expect(input(el, 'certificate')!.type).to.equal('text');
    expect(!!input(el, 'certificate')!.closest('[part=advanced]'), 'not folded away from its key').to.be.false;
    expect(input(el, 'certificate')!.closest('[part=field]')!.querySelector('[part=optional]')).to.exist;
    expect(shadow(el).querySelectorAll('[part=toggle]'), 'only the key has a reveal button').to.have.length(1);
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
      return json(connectedMessage(state, 'c1'));
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

  it('posts the certificate beside the key, in the pop-up’s form and without a pop-up, and clears both once connected', async () => {
    for (const popupOpens of [true, false]) {
      const popup = popupOpens ? fakePopup() : null;
      browser = stubBrowser(popup?.win ?? null, ({ url, init }) => {
        const state =
          new URL(url).searchParams.get('state') ?? new URLSearchParams(init.body as URLSearchParams).get('state');
        return json(connectedMessage(state, 'c1'));
      });
      const el = await connectElement(token);
      const events = recordEvents(el);
      fill(el, {
        client_id: 'client-1',
        private_key: PEM,
        certificate: CERTIFICATE,
        token_url: 'https://id.example.com/token',
      });
      expect(input(el, 'certificate')!.value, 'a text input keeps a pasted PEM on one line').to.equal(
        CERTIFICATE_AS_ENTERED,
      );
      if (popup) {
        connectButton(el).click();
        expect(browser.submissions[0]!.fields).to.include({
          private_key: PEM_AS_ENTERED,
          certificate: CERTIFICATE_AS_ENTERED,
        });
        popup.closeByUser();
      } else {
        await connectWithoutPopup(el);
        const body = browser.fetches.find((call) => call.init.method === 'POST')!.init.body as URLSearchParams;
        expect(body.get('certificate')).to.equal(CERTIFICATE_AS_ENTERED);
        expect(body.get('private_key')).to.equal(PEM_AS_ENTERED);
      }
      await until(() => events.length > 0);
      expect(events[0]!.type).to.equal('oauth-cc-connected');
      await el.updateComplete;
      expect(!!input(el, 'certificate'), 'gone once connected, with the key').to.be.false;
      shadow(el).querySelector<HTMLButtonElement>('[part=reset]')!.click();
      await el.updateComplete;
      expect(input(el, 'certificate')!.value, 'other credentials start from an empty field').to.equal('');
      expect(input(el, 'private_key')!.value).to.equal('');
      browser.restore();
    }
  });

  it('leaves the certificate out when none is pasted', async () => {
    browser = stubBrowser(null);
    const el = await connectElement(token);
    fill(el, { client_id: 'client-1', private_key: PEM, token_url: 'https://id.example.com/token' });
    await connectWithoutPopup(el);
    const body = browser.fetches.find((call) => call.init.method === 'POST')!.init.body as URLSearchParams;
    expect(body.has('certificate')).to.be.false;
    expect(body.get('private_key')).to.equal(PEM_AS_ENTERED);
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
    const body = browser.fetches.find((call) => call.init.method === 'POST')!.init.body as URLSearchParams;
    expect([...body.keys()].sort()).to.deep.equal(['client_id', 'session_token', 'state', 'token_url']);
  });
});

describe('<oauth-cc-connect> a key the Worker holds, and its certificate', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser?.restore());
  const CERTIFICATE_URL = `${ENDPOINT}/v1/certificates/acme/key_1`;
  const DOWNLOAD = 'Download the certificate, for consoles that ask for one instead (Microsoft Entra ID)';
  const link = (el: OAuthCcConnect) => shadow(el).querySelector<HTMLAnchorElement>('[part=certificate]');
  /** The Worker's certificate route: 200 for the keys in `withCertificate`, else 404. */
  const certificates =
    (...withCertificate: string[]) =>
    ({ url }: { url: string }) =>
      new Response(null, { status: withCertificate.includes(url) ? 200 : 404 });
  /** Once every request the element made has been answered, and whatever they changed rendered. */
  const answered = async (el: OAuthCcConnect, requests: number) => {
    await until(() => browser.fetches.length === requests);
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
  };

  it('offers the certificate under the JWKS URL once the Worker confirms it exists, asking once', async () => {
    browser = stubBrowser(null, certificates(CERTIFICATE_URL));
    const el = await connectElement(sessionToken({ authMethod: 'private_key_jwt', keyId: 'key_1', tenant: 'acme' }));
    await until(() => !!link(el));
    expect(browser.fetches.map(({ url, init }) => [init.method, url])).to.deep.equal([['HEAD', CERTIFICATE_URL]]);
    expect(link(el)!.href).to.equal(CERTIFICATE_URL);
    expect(link(el)!.textContent!.trim()).to.equal(DOWNLOAD);
    // In the JWKS URL's field, after it: the URL for most consoles, the certificate for the others.
    const field = link(el)!.closest('[part=field]')!;
    expect(field.querySelector('[part=jwks]')!.compareDocumentPosition(link(el)!)).to.equal(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    fill(el, { client_id: 'client-1' });
    el.requestUpdate();
    await el.updateComplete;
    expect(browser.fetches, 'typing and rendering ask nothing more').to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('offers none for a key made without a certificate (404), nor when the Worker cannot be reached', async () => {
    browser = stubBrowser(null, certificates());
    const el = await connectElement(sessionToken({ authMethod: 'private_key_jwt', keyId: 'key_1', tenant: 'acme' }));
    await answered(el, 1);
    expect(!!link(el), 'no certificate link').to.be.false;
    expect(shadow(el).querySelector('[part=jwks]')!.textContent).to.equal(`${ENDPOINT}/v1/jwks/acme`);
    browser.restore();

    const failures: unknown[] = [];
    const onRejection = (event: PromiseRejectionEvent) => failures.push(event.reason);
    addEventListener('unhandledrejection', onRejection);
    try {
      browser = stubBrowser(null, () => Promise.reject(new TypeError('Failed to fetch')));
      const offline = await connectElement(
        sessionToken({ authMethod: 'private_key_jwt', keyId: 'key_2', tenant: 'acme' }),
      );
      await answered(offline, 1);
      expect(!!link(offline), 'no certificate link').to.be.false;
      expect(failures, 'a failed check is no error').to.deep.equal([]);
    } finally {
      removeEventListener('unhandledrejection', onRejection);
    }
  });

  it('asks nothing for a pasted key or a secret', async () => {
    browser = stubBrowser(null, certificates(CERTIFICATE_URL));
    await connectElement(sessionToken({ authMethod: 'private_key_jwt', tenant: 'acme' }));
    await connectElement(sessionToken({ tenant: 'acme' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(browser.fetches).to.deep.equal([]);
  });

  it('a session for another key shows that key’s answer, never the last key’s certificate', async () => {
    let answerFirst: (response: Response) => void = () => {};
    browser = stubBrowser(null, ({ url }) =>
      url === CERTIFICATE_URL
        ? new Promise<Response>((resolve) => (answerFirst = resolve))
        : new Response(null, { status: 404 }),
    );
    const el = await connectElement(sessionToken({ authMethod: 'private_key_jwt', keyId: 'key_1', tenant: 'acme' }));
    el.sessionToken = sessionToken({ authMethod: 'private_key_jwt', keyId: 'key_2', tenant: 'acme' });
    await answered(el, 2);
    // The first key's answer arrives late: it has a certificate, but the session is another key's.
    answerFirst(new Response(null, { status: 200 }));
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(!!link(el), 'no certificate link').to.be.false;

    // And back to the first key: asked again, and offered.
    browser.restore();
    browser = stubBrowser(null, certificates(CERTIFICATE_URL));
    el.sessionToken = sessionToken({ authMethod: 'private_key_jwt', keyId: 'key_1', tenant: 'acme' });
    await until(() => !!link(el));
    expect(link(el)!.href).to.equal(CERTIFICATE_URL);
  });
});

describe('<oauth-cc-connect> client_secret_jwt', () => {
  it('asks for the client secret, as the default methods do', async () => {
    const el = await connectElement(sessionToken({ authMethod: 'client_secret_jwt' }));
    expect(names(el)).to.deep.equal(['client_id', 'client_secret', 'token_url', 'scope', 'audience', 'resource']);
  });
});
