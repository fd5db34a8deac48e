import { expect } from '@open-wc/testing';
import { ERROR_CODES, RESULT_MESSAGE_TYPE } from '../../protocol/index.js';
import { defaultStrings, type Locale } from '../../widget/index.js';
import deDefault, { de } from '../../widget/locales/de.js';
import esDefault, { es } from '../../widget/locales/es.js';
import frDefault, { fr } from '../../widget/locales/fr.js';
import jaDefault, { ja } from '../../widget/locales/ja.js';
import {
  connectButton,
  connectElement,
  connectWithoutPopup,
  fillValid,
  inlineButton,
  json,
  sessionToken,
  shadow,
  statusText,
  stubBrowser,
  until,
} from './support.js';

const LOCALES: [string, Locale, Locale][] = [
  ['de', de, deDefault],
  ['fr', fr, frDefault],
  ['es', es, esDefault],
  ['ja', ja, jaDefault],
];

/** Strings a language shares with English, word for word. */
const SAME_AS_ENGLISH: Record<string, string[]> = { fr: ['audience'], de: ['optional'] };

const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map(([name]) => name).sort();
const { errors: _, ...englishTexts } = defaultStrings;

describe('locales (oauth-cc-connect/locales/<lang>.js)', () => {
  for (const [lang, locale, defaultExport] of LOCALES) {
    describe(lang, () => {
      it('is the default export too', () => {
        expect(defaultExport).to.equal(locale);
      });

      it('has every string of defaultStrings, none empty, none left over, with the same placeholders', () => {
        const { errors: __, ...texts } = locale;
        expect(Object.keys(texts).sort()).to.deep.equal(Object.keys(englishTexts).sort());
        for (const [key, english] of Object.entries(englishTexts)) {
          const text = texts[key as keyof typeof texts];
          expect(text.trim(), `${lang}.${key}`).not.to.equal('');
          expect(placeholders(text), `${lang}.${key}`).to.deep.equal(placeholders(english));
        }
      });

      it('has a message for every error code, none empty, none unknown', () => {
        expect(Object.keys(locale.errors).sort()).to.deep.equal([...ERROR_CODES].sort());
        for (const code of ERROR_CODES) expect(locale.errors[code].trim(), `${lang}.errors.${code}`).not.to.equal('');
      });

      it('leaves nothing in English but the words the language shares with it', () => {
        const untranslated = Object.entries(englishTexts)
          .filter(([key, english]) => locale[key as keyof typeof englishTexts] === english)
          .map(([key]) => key);
        expect(untranslated).to.deep.equal(SAME_AS_ENGLISH[lang] ?? []);
        for (const [code, english] of Object.entries(defaultStrings.errors))
          expect(locale.errors[code as keyof Locale['errors']], code).not.to.equal(english);
      });
    });
  }
});

describe('<oauth-cc-connect> with el.strings = de', () => {
  let browser: ReturnType<typeof stubBrowser> | undefined;
  afterEach(() => {
    browser?.restore();
    browser = undefined;
  });

  const labels = (el: HTMLElement) =>
    [...el.shadowRoot!.querySelectorAll('label')].map((label) => label.textContent!.trim());

  it('renders German labels, buttons and validation messages', async () => {
    const el = await connectElement();
    el.strings = de;
    await el.updateComplete;
    expect(labels(el)).to.deep.equal([
      'Client-ID',
      'Geheimer Clientschlüssel',
      'Aussteller- oder Token-URL',
      'Bereiche',
      'Zielgruppe (Audience)',
      'Ressource',
    ]);
    expect(shadow(el).querySelector('[part=toggle]')!.getAttribute('aria-label')).to.equal('Anzeigen');
    expect(shadow(el).querySelector('summary')!.textContent!.trim()).to.equal('Erweitert');
    expect(shadow(el).querySelector('[part=optional]')!.textContent).to.equal('Optional');
    expect(connectButton(el).textContent!.trim()).to.equal('Verbinden');
    connectButton(el).click();
    await el.updateComplete;
    expect(shadow(el).querySelector('#client_id-error')!.textContent).to.equal('Pflichtfeld.');
    await expect(el).to.be.accessible();
  });

  it('reports outcomes in German, the Worker’s English message replaced by the code’s', async () => {
    browser = stubBrowser(null, ({ init }) => {
      const state = new URLSearchParams(init.body as URLSearchParams).get('state');
      const error = { code: 'invalid_client', message: 'The provider rejected the Client ID or Client Secret.' };
      return json({ v: 1, type: RESULT_MESSAGE_TYPE, state, status: 'failed', error }, 401);
    });
    const el = await connectElement();
    el.strings = de;
    await el.updateComplete;
    fillValid(el);
    connectButton(el).click();
    await el.updateComplete;
    expect(statusText(el)).to.equal('Das Pop-up-Fenster wurde blockiert.');
    expect(inlineButton(el)!.textContent!.trim()).to.equal('Ohne Pop-up-Fenster verbinden');
    await connectWithoutPopup(el);
    await until(() => statusText(el) === de.errors.invalid_client);
    expect(el.status).to.equal('failed');
  });

  it('puts the host first in Japanese', async () => {
    const el = await connectElement(
      sessionToken({ connectionId: 'conn_AAAAAAAAAAAAAAAAAAAAAA', tokenUrl: 'https://login.acme.example/oauth/token' }),
    );
    el.strings = ja;
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=heading]')!.textContent).to.equal(
      'login.acme.example の資格情報を更新します。',
    );
  });
});
