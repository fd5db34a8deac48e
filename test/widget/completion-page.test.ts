// The popup's completion page (worker/connect/completion-page.ts): a pure function of the
// verdict, so it renders here, in the same Chromium as the element, and is looked at as a page.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { ERROR_CODES, ERROR_MESSAGES, resultMessage, type ErrorCode } from '../../protocol/index.js';
import { renderCompletionPage, type PageVerdict } from '../../worker/connect/completion-page.js';
import { COMPLETION_STRINGS, completionLanguage } from '../../worker/connect/completion-strings.js';
import { de } from '../../widget/locales/de.js';
import { es } from '../../widget/locales/es.js';
import { fr } from '../../widget/locales/fr.js';
import { ja } from '../../widget/locales/ja.js';

const ORIGIN = 'https://app.example.com';
const connected: PageVerdict = {
  outcome: { status: 'connected', connectionId: 'conn_1', scopes: [] },
  message: resultMessage('state-1', { status: 'connected', connectionId: 'conn_1' }),
  origin: ORIGIN,
} as PageVerdict;
const failed = (code: ErrorCode, message = ERROR_MESSAGES[code]): PageVerdict =>
  ({
    outcome: { status: 'failed', error: { code, message } },
    message: resultMessage('state-1', { status: 'failed', error: { code, message } }),
    origin: ORIGIN,
  }) as PageVerdict;

/** The page's HTML, parsed. */
async function page(verdict: PageVerdict, options: Partial<Parameters<typeof renderCompletionPage>[1]> = {}) {
  const text = String(await renderCompletionPage(verdict, { closeAfter: null, nonce: 'n0nce', ...options }));
  return { text, doc: new DOMParser().parseFromString(text, 'text/html') };
}

describe('the completion page speaks the session’s language', () => {
  it('picks the session’s locale, else the browser’s by weight, else English; the primary subtag counts', () => {
    expect(completionLanguage('de-AT', 'fr')).to.equal('de');
    expect(completionLanguage('pt-BR', 'es-MX,es;q=0.9')).to.equal('es');
    expect(completionLanguage(undefined, 'en-GB;q=0.3, ja;q=0.8, fr;q=0.5')).to.equal('ja');
    expect(completionLanguage(undefined, 'fr;q=0, de')).to.equal('de');
    expect(completionLanguage(undefined, 'EN-us')).to.equal('en');
    expect(completionLanguage('zz', 'xx, yy;q=0.4')).to.equal('en');
    expect(completionLanguage()).to.equal('en');
  });

  for (const [lang, locale] of [
    ['de', de],
    ['fr', fr],
    ['es', es],
    ['ja', ja],
  ] as const) {
    it(`${lang}: <html lang>, title, text, button and the element’s own advice for the code`, async () => {
      const strings = COMPLETION_STRINGS[lang];
      const ok = await page(connected, { locale: lang, closeAfter: 3 });
      expect(ok.doc.documentElement.lang).to.equal(lang);
      expect(ok.doc.title).to.equal(strings.complete);
      expect(ok.doc.querySelector('h1')!.textContent).to.equal(strings.complete);
      expect(ok.doc.querySelector('[role=status] p')!.textContent).to.equal(strings.ready);
      expect(ok.doc.querySelector('button')!.textContent).to.equal(strings.close);
      const seconds = new Intl.NumberFormat(lang, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(3);
      expect(ok.text).to.include(strings.closingIn.replace('{duration}', seconds));
      expect(strings.complete).not.to.equal(COMPLETION_STRINGS.en.complete);

      const no = await page(failed('invalid_client'), { acceptLanguage: `${lang};q=0.9, en;q=0.1` });
      expect(no.doc.documentElement.lang).to.equal(lang);
      expect(no.doc.title).to.equal(strings.failed);
      expect(no.doc.querySelector('[role=status] p')!.textContent).to.equal(locale.errors.invalid_client);
      for (const code of ERROR_CODES.filter(
        (c) => !['popup_blocked', 'cancelled', 'timeout', 'network_error'].includes(c),
      ))
        expect(strings.errors![code as keyof typeof strings.errors], `${lang}.${code}`).to.equal(locale.errors[code]);
    });
  }

  it('in English, shows the Worker’s own message (with the provider’s detail), and the code', async () => {
    const message = `${ERROR_MESSAGES.invalid_scope} (unknown scope: reports)`;
    const { doc } = await page(failed('invalid_scope', message), { acceptLanguage: 'en-US,en;q=0.9' });
    expect(doc.documentElement.lang).to.equal('en');
    expect(doc.title).to.equal('Authorization Failed');
    expect(doc.querySelector('[role=status] p')!.textContent).to.equal(message);
    expect(doc.querySelector('[role=status] code')!.textContent).to.equal('invalid_scope');
  });

  it('keeps to its CSP: the nonce’d style and script, no style attribute, no inline handler', async () => {
    const { doc } = await page(failed('invalid_client'));
    expect([...doc.querySelectorAll('style')].map((s) => s.nonce || s.getAttribute('nonce'))).to.deep.equal(['n0nce']);
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.filter((s) => s.type !== 'application/json').map((s) => s.getAttribute('nonce'))).to.deep.equal([
      'n0nce',
    ]);
    const attributes = [...doc.querySelectorAll('*')].flatMap((el) => el.getAttributeNames());
    expect(attributes.filter((name) => name === 'style' || name.startsWith('on'))).to.deep.equal([]);
  });
});

/** The page in a frame of this test page: laid out and styled as the popup shows it. */
async function framed(verdict: PageVerdict, options = {}): Promise<HTMLIFrameElement> {
  const frame = Object.assign(document.createElement('iframe'), { srcdoc: (await page(verdict, options)).text });
  frame.style.cssText = 'width: 480px; height: 640px; border: 0';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame;
}

/** axe-core, run inside the frame's own document. */
async function axeViolations(frame: HTMLIFrameElement): Promise<string[]> {
  const win = frame.contentWindow as Window & {
    axe?: { run(context: Node): Promise<{ violations: { id: string }[] }> };
  };
  const script = frame.contentDocument!.createElement('script');
  script.textContent = await (await fetch('/node_modules/axe-core/axe.min.js')).text();
  frame.contentDocument!.head.append(script);
  const { violations } = await win.axe!.run(frame.contentDocument!);
  return violations.map((v) => v.id);
}

describe('the completion page looks like the element', () => {
  afterEach(async () => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: the element’s colours, type and icon, and axe finds nothing`, async () => {
      await emulateMedia({ colorScheme: scheme });
      for (const verdict of [connected, failed('invalid_client')]) {
        const frame = await framed(verdict, { locale: 'de' });
        const doc = frame.contentDocument!;
        const style = (selector: string) => frame.contentWindow!.getComputedStyle(doc.querySelector(selector)!);
        expect(style('body').fontFamily).to.equal('system-ui, sans-serif');
        expect(style('body').fontSize).to.equal('15px');
        expect(style('h1').fontSize).to.equal('20px');
        expect(style('.hint').fontSize).to.equal('13px');
        expect(style('main').backgroundColor).to.equal(scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(22, 27, 34)');
        const badge = style('.badge svg').color;
        expect(badge).to.equal(
          verdict === connected
            ? scheme === 'light'
              ? 'rgb(26, 127, 55)'
              : 'rgb(63, 185, 80)'
            : scheme === 'light'
              ? 'rgb(179, 38, 30)'
              : 'rgb(242, 184, 181)',
        );
        expect(doc.querySelector('button')!.getBoundingClientRect().height).to.equal(40);
        expect(await axeViolations(frame)).to.deep.equal([]);
        frame.remove();
      }
    });
  }

  it('fits a narrow popup without scrolling sideways, in its longest language', async () => {
    const frame = await framed(failed('unauthorized_client'), { locale: 'de' });
    frame.style.width = '280px';
    const doc = frame.contentDocument!;
    expect(doc.documentElement.scrollWidth).to.be.at.most(280);
  });
});
