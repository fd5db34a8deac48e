import { expect, fixture, html } from '@open-wc/testing';
import { encodeBase64Url, type ProfileField } from '../../protocol/index.js';
import { defaultStrings, type OAuthCcConnect } from '../../widget/index.js';
import { de } from '../../widget/locales/de.js';
import {
  advanced,
  connectButton,
  connectElement,
  connectWithoutPopup,
  ENDPOINT,
  fakePopup,
  fieldNames,
  fill,
  fillValid,
  input,
  invalidFields,
  labelOf,
  noticeKind,
  sessionToken,
  settled,
  shadow,
  statusText,
  stubBrowser,
} from './support.js';

const optionalWord = (el: OAuthCcConnect, name: string) =>
  input(el, name)!.closest('[part=field]')!.querySelector('[part=optional]')?.textContent ?? null;
/** Rendered and not folded away (a closed <details> hides its content with content-visibility). */
const visible = (element: Element) => element.checkVisibility();

describe('<oauth-cc-connect> required first, the optional ones under Advanced', () => {
  it('shows what a connection needs, and folds scopes, audience and resource away, closed', async () => {
    const el = await connectElement();
    const details = advanced(el)!;
    expect(details.open).to.be.false;
    expect(details.querySelector('summary')!.textContent!.trim()).to.equal('Advanced');
    for (const name of ['scope', 'audience', 'resource']) {
      expect(details.contains(input(el, name)), name).to.be.true;
      expect(visible(input(el, name)!), `${name} hidden`).to.be.false;
      expect(input(el, name)!.required, `${name} is optional`).to.be.false;
      expect(optionalWord(el, name), `${name} says so`).to.equal('Optional');
    }
    for (const name of ['client_id', 'client_secret', 'token_url']) {
      expect(details.contains(input(el, name)), name).to.be.false;
      expect(input(el, name)!.required, `${name} is required`).to.be.true;
      expect(optionalWord(el, name), name).to.be.null;
    }
    const chevron = details.querySelector('summary svg')!;
    expect(getComputedStyle(chevron).rotate).to.equal('none');
    details.querySelector('summary')!.click();
    await el.updateComplete;
    expect(visible(input(el, 'scope')!)).to.be.true;
    expect(getComputedStyle(chevron).rotate, 'the chevron turns up').to.equal('180deg');
    await expect(el).to.be.accessible();
  });

  it('opens by itself when one of them holds a value: a preset scope, or the scopes attribute', async () => {
    expect(advanced(await connectElement(sessionToken({ scopes: ['read'] })))!.open).to.be.true;
    const el = await fixture<OAuthCcConnect>(
      html`<oauth-cc-connect endpoint=${ENDPOINT} session-token=${sessionToken()} scopes="read"></oauth-cc-connect>`,
    );
    expect(advanced(el)!.open).to.be.true;
  });

  it('leaves the person’s choice alone: closed again, it stays closed while they type elsewhere', async () => {
    const el = await connectElement(sessionToken({ scopes: ['read'] }));
    const details = advanced(el)!;
    details.querySelector('summary')!.click();
    await el.updateComplete;
    expect(details.open).to.be.false;
    fill(el, { client_id: 'a' });
    await el.updateComplete;
    expect(details.open).to.be.false;
  });

  it('is not there when the session locks everything optional', async () => {
    const el = await connectElement(sessionToken({ locked: ['scopes', 'params'] }));
    expect(advanced(el)).to.be.null;
    expect(fieldNames(el)).to.deep.equal(['client_id', 'client_secret', 'token_url']);
  });
});

describe('<oauth-cc-connect> strings fall back key by key', () => {
  it('with strings = undefined (what @lit/react sets on every render), every string is the default', async () => {
    const el = await connectElement();
    el.strings = undefined;
    await el.updateComplete;
    expect(labelOf(el, 'client_id')).to.equal('Client ID');
    expect(connectButton(el).textContent!.trim()).to.equal('Connect');
    expect(shadow(el).querySelector('summary')!.textContent!.trim()).to.equal('Advanced');
  });

  it('with a few strings, the rest are the defaults; with some outcome messages, the rest too', async () => {
    const browser = stubBrowser(null);
    try {
      const el = await connectElement();
      el.strings = { connect: 'Acme verbinden', errors: { timeout: 'Zu langsam.' } };
      await el.updateComplete;
      expect(connectButton(el).textContent!.trim()).to.equal('Acme verbinden');
      expect(labelOf(el, 'client_secret')).to.equal('Client Secret');
      fillValid(el);
      connectButton(el).click();
      await el.updateComplete;
      expect(statusText(el), 'an error message left out is the default one').to.equal(
        defaultStrings.errors.popup_blocked,
      );
    } finally {
      browser.restore();
    }
  });

  it('a locale, then undefined again: back to English', async () => {
    const el = await connectElement();
    el.strings = de;
    await el.updateComplete;
    expect(labelOf(el, 'client_secret')).to.equal('Geheimer Clientschlüssel');
    el.strings = undefined;
    await el.updateComplete;
    expect(labelOf(el, 'client_secret')).to.equal('Client Secret');
  });
});

const ACCOUNT: ProfileField = {
  name: 'account_id',
  label: 'Account ID',
  hint: 'Shown with the Client ID under App Credentials.',
  placeholder: 'e.g. Kx7pQ2mZTb',
  pattern: '[A-Za-z0-9_\\-]{10,64}',
};
const REGION: ProfileField = {
  name: 'region',
  label: 'Data centre',
  hint: 'Where the account is hosted.',
  options: [
    { value: 'us', label: 'United States' },
    { value: 'eu', label: 'Europe' },
  ],
};
const profile = (fields = [ACCOUNT, REGION]) =>
  sessionToken({ fields, tokenUrl: 'https://{region}.acme.example/token', locked: ['tokenUrl', 'scopes', 'params'] });

describe('<oauth-cc-connect> a provider profile’s fields', () => {
  let browser: ReturnType<typeof stubBrowser> | undefined;
  afterEach(() => {
    browser?.restore();
    browser = undefined;
  });

  it('renders each after the credentials, in order, labelled, required, with its hint under it', async () => {
    const el = await connectElement(profile());
    expect(fieldNames(el)).to.deep.equal(['client_id', 'client_secret', 'account_id', 'region']);
    expect(labelOf(el, 'account_id')).to.equal('Account ID');
    expect(labelOf(el, 'region')).to.equal('Data centre');
    const account = input(el, 'account_id')!;
    expect(account.required).to.be.true;
    expect(account.placeholder).to.equal('e.g. Kx7pQ2mZTb');
    const hint = shadow(el).getElementById(account.getAttribute('aria-describedby')!)!;
    expect(hint.getAttribute('part')).to.equal('hint');
    expect(hint.textContent).to.equal('Shown with the Client ID under App Credentials.');
    expect(hint.getBoundingClientRect().top).to.be.greaterThan(account.getBoundingClientRect().bottom - 1);
    await expect(el).to.be.accessible();
  });

  it('offers a closed list as a select, starting with an empty choice that does not pass', async () => {
    browser = stubBrowser(null);
    const el = await connectElement(profile());
    const select = shadow(el).querySelector<HTMLSelectElement>('select[name=region]')!;
    expect([...select.options].map((o) => [o.value, o.text])).to.deep.equal([
      ['', 'Choose…'],
      ['us', 'United States'],
      ['eu', 'Europe'],
    ]);
    fill(el, { client_id: 'a', client_secret: 'b', account_id: 'Kx7pQ2mZTb-9' });
    connectButton(el).click();
    await settled(el);
    expect(invalidFields(el)).to.deep.equal(['region']);
    expect(shadow(el).querySelector('#region-error')!.textContent).to.equal('Required.');
    expect(shadow(el).activeElement).to.equal(select);
    expect(browser.opened).to.have.length(0);
  });

  it('checks a pattern in the browser, and says so under the field', async () => {
    browser = stubBrowser(null);
    const el = await connectElement(profile([ACCOUNT]));
    fill(el, { client_id: 'a', client_secret: 'b', account_id: 'too short' });
    connectButton(el).click();
    await el.updateComplete;
    expect(invalidFields(el)).to.deep.equal(['account_id']);
    expect(shadow(el).querySelector('#account_id-error')!.textContent).to.equal('Check the format.');
    expect(input(el, 'account_id')!.getAttribute('aria-describedby')).to.equal('account_id-hint account_id-error');
    expect(browser.opened).to.have.length(0);
    fill(el, { account_id: 'Kx7pQ2mZTb-9wF3a' });
    connectButton(el).click();
    expect(browser.opened).to.have.length(1);
  });

  it('posts each value under its own name, in the popup’s form and in the inline request', async () => {
    const popup = fakePopup();
    browser = stubBrowser(popup.win);
    const el = await connectElement(profile());
    fill(el, { client_id: 'a', client_secret: 'b', account_id: 'Kx7pQ2mZTb-9' });
    const select = shadow(el).querySelector<HTMLSelectElement>('select[name=region]')!;
    select.value = 'eu';
    connectButton(el).click();
    expect(browser.submissions[0]!.fields).to.include({ account_id: 'Kx7pQ2mZTb-9', region: 'eu' });
    popup.closeByUser();
    browser.restore();

    browser = stubBrowser(null);
    const other = await connectElement(profile());
    fill(other, { client_id: 'a', client_secret: 'b', account_id: 'Kx7pQ2mZTb-9' });
    shadow(other).querySelector<HTMLSelectElement>('select[name=region]')!.value = 'us';
    await connectWithoutPopup(other);
    const body = browser.fetches[0]!.init.body as URLSearchParams;
    expect([body.get('account_id'), body.get('region')]).to.deep.equal(['Kx7pQ2mZTb-9', 'us']);
  });
});

const ZOOM = {
  id: 'zoom',
  name: 'Zoom',
  docs: 'https://developers.zoom.us/docs/internal-apps/s2s-oauth/',
  instructions: 'Create a Server-to-Server OAuth app.\n\nAdd its scopes, then activate it.\nCopy the credentials.',
};

describe('<oauth-cc-connect> a preset’s instructions', () => {
  it('shows the steps as a numbered list and links the docs, when the host slots nothing', async () => {
    const el = await connectElement(sessionToken({ provider: ZOOM, locked: ['tokenUrl'] }));
    const steps = [...shadow(el).querySelectorAll('[part=steps] li')].map((li) => li.textContent);
    expect(steps).to.deep.equal([
      'Create a Server-to-Server OAuth app.',
      'Add its scopes, then activate it.',
      'Copy the credentials.',
    ]);
    expect(shadow(el).querySelector('[part=steps]')!.tagName).to.equal('OL');
    const link = shadow(el).querySelector<HTMLAnchorElement>('[part=docs]')!;
    expect(link.href).to.equal(ZOOM.docs);
    expect(link.textContent).to.equal('Zoom documentation');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener');
    expect(visible(shadow(el).querySelector('[part=preset]')!)).to.be.true;
    await expect(el).to.be.accessible();
  });

  it('gives way to the host’s own instructions', async () => {
    const el = await fixture<OAuthCcConnect>(html`<oauth-cc-connect
      endpoint=${ENDPOINT}
      session-token=${sessionToken({ provider: ZOOM })}
    >
      <p slot="instructions">Our own words.</p>
    </oauth-cc-connect>`);
    expect(visible(shadow(el).querySelector('[part=preset]')!)).to.be.false;
    expect(visible(el.querySelector('p')!)).to.be.true;
  });

  it('never turns the docs into a script link: a session that says so is not valid', async () => {
    const el = await connectElement(sessionToken({ provider: { ...ZOOM, docs: 'javascript:alert(1)' } }));
    expect(shadow(el).querySelector('[part=docs]')).to.be.null;
    expect(noticeKind(el)).to.equal('error');
  });
});

describe('<oauth-cc-connect> a malformed session', () => {
  const token = (claims: object) =>
    `${encodeBase64Url(new TextEncoder().encode(JSON.stringify({ v: 1, locked: [], ...claims })))}.sig`;

  for (const [what, claims] of Object.entries({
    'locked as a string': { locked: 'tokenUrl' },
    'scopes as a string': { scopes: 'read write' },
    'fields as an object': { fields: { name: 'account_id' } },
    'a field without a label': { fields: [{ name: 'account_id' }] },
    'a field named like markup': { fields: [{ name: '"><img>', label: 'X' }] },
    'options that are not a list': { fields: [{ name: 'region', label: 'Region', options: 'us' }] },
    'a provider without instructions': { provider: { id: 'x', name: 'X', docs: 'https://x.example' } },
  })) {
    it(`with ${what}: says the session is not valid instead of breaking`, async () => {
      const errors: string[] = [];
      const onError = (event: ErrorEvent) => errors.push(event.message);
      addEventListener('error', onError);
      try {
        const el = await connectElement(token(claims));
        expect(statusText(el)).to.equal(defaultStrings.errors.session_invalid);
        expect(fieldNames(el)).to.include.members(['client_id', 'client_secret']);
      } finally {
        removeEventListener('error', onError);
      }
      expect(errors).to.deep.equal([]);
    });
  }

  it('a reconnect session without a token URL renders without its heading rather than throwing', async () => {
    const el = await connectElement(sessionToken({ connectionId: 'conn_A', locked: ['tokenUrl'] }));
    expect(shadow(el).querySelector('[part=heading]')).to.be.null;
    expect(noticeKind(el)).to.equal('');
  });
});
