import { expect } from '@open-wc/testing';
import {
  emulateMedia,
  executeServerCommand,
  resetMouse,
  sendKeys,
  sendMouse,
  setViewport,
} from '@web/test-runner-commands';
import {
  advanced,
  connectButton,
  connectElement,
  fakePopup,
  fillValid,
  input,
  sessionToken,
  shadow,
  stubBrowser,
} from './support.js';

const style = (el: Element) => getComputedStyle(el);
const WHITE = 'rgb(255, 255, 255)';

describe('<oauth-cc-connect> colour scheme', () => {
  afterEach(async () => {
    document.documentElement.style.colorScheme = '';
    document.querySelector('meta[name=color-scheme]')?.remove();
    await emulateMedia({ colorScheme: 'light' });
  });

  it('stays light on a page that declares no colour scheme, even for a reader in dark mode', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const el = await connectElement();
    expect(style(el).backgroundColor).to.equal(WHITE);
    expect(style(connectButton(el)).backgroundColor).to.equal('rgb(11, 87, 208)');
    expect(style(input(el, 'client_id')!).backgroundColor).to.equal(WHITE);
  });

  it('follows a page that asks for `light dark` (its meta tag) into the reader’s dark mode', async () => {
    const meta = Object.assign(document.createElement('meta'), { name: 'color-scheme', content: 'light dark' });
    document.head.append(meta);
    const el = await connectElement();
    await emulateMedia({ colorScheme: 'light' });
    expect(style(el).backgroundColor).to.equal(WHITE);
    await emulateMedia({ colorScheme: 'dark' });
    expect(style(el).backgroundColor).not.to.equal(WHITE);
    expect(style(connectButton(el)).backgroundColor).to.equal('rgb(168, 199, 250)');
  });

  it('follows a page whose root says `color-scheme: dark`, and an element told so on its own', async () => {
    const el = await connectElement();
    document.documentElement.style.colorScheme = 'dark';
    expect(style(el).backgroundColor).not.to.equal(WHITE);
    document.documentElement.style.colorScheme = '';
    expect(style(el).backgroundColor).to.equal(WHITE);
    el.style.colorScheme = 'dark';
    expect(style(el).backgroundColor).not.to.equal(WHITE);
    expect(style(el).color).not.to.equal('rgb(0, 0, 0)');
  });
});

describe('<oauth-cc-connect> theming', () => {
  it('takes --oauth-cc-* custom properties and ::part() rules from the page', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('oauth-cc-connect::part(label) { text-transform: uppercase }');
    document.adoptedStyleSheets = [sheet];
    const el = await connectElement();
    el.style.cssText = [
      '--oauth-cc-accent: rgb(1, 2, 3)',
      '--oauth-cc-radius: 0px',
      '--oauth-cc-font: 11px serif',
      '--oauth-cc-spacing: 3px',
      '--oauth-cc-border: rgb(4, 5, 6)',
      '--oauth-cc-muted: rgb(7, 8, 9)',
    ].join(';');
    expect(style(connectButton(el)).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(style(input(el, 'client_id')!).borderTopLeftRadius).to.equal('0px');
    expect(style(input(el, 'client_id')!).fontSize).to.equal('11px');
    expect(style(input(el, 'client_id')!).borderTopColor).to.equal('rgb(4, 5, 6)');
    expect(style(shadow(el).querySelector('[part=optional]')!).color).to.equal('rgb(7, 8, 9)');
    expect(style(shadow(el).querySelector('form')!).rowGap).to.equal('3px');
    expect(style(shadow(el).querySelector('[part=label]')!).textTransform).to.equal('uppercase');
    document.adoptedStyleSheets = [];
  });

  it('has a system font stack of its own, not the page’s serif fallback', async () => {
    document.body.style.font = '19px serif';
    try {
      const el = await connectElement();
      expect(style(el).fontFamily).to.equal('system-ui, sans-serif');
      expect(style(input(el, 'client_id')!).fontSize).to.equal('15px');
    } finally {
      document.body.style.font = '';
    }
  });

  it('sets labels apart from what is typed: 14 px / 500 over 15 px text, 6 px above their input', async () => {
    const el = await connectElement();
    const label = shadow(el).querySelector('label[for=client_id]')!;
    expect(style(label).fontSize).to.equal('14px');
    expect(style(label).fontWeight).to.equal('500');
    const gap = input(el, 'client_id')!.getBoundingClientRect().top - label.getBoundingClientRect().bottom;
    expect(gap).to.be.within(4, 8);
    const secretLabel = shadow(el).querySelector('label[for=client_secret]')!;
    const between = secretLabel.getBoundingClientRect().top - input(el, 'client_id')!.getBoundingClientRect().bottom;
    expect(between, 'fields stand further apart than a label from its input').to.be.within(16, 24);
  });

  it('gives inputs 40 px and a neutral border that darkens under the pointer', async () => {
    const el = await connectElement();
    const field = input(el, 'client_id')!;
    expect(field.getBoundingClientRect().height).to.equal(40);
    expect(style(field).borderTopColor).to.equal('rgb(209, 217, 224)');
    const { x, y, width, height } = field.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(x + width / 2), Math.round(y + height / 2)] });
    expect(style(field).borderTopColor).to.equal('rgb(89, 99, 110)');
    await resetMouse();
  });

  it('darkens Connect under the pointer and further while pressed', async () => {
    const el = await connectElement();
    const button = connectButton(el);
    const resting = style(button).backgroundColor;
    const { x, y, width, height } = button.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(x + width / 2), Math.round(y + height / 2)] });
    const hovered = style(button).backgroundColor;
    await sendMouse({ type: 'down' });
    const pressed = style(button).backgroundColor;
    await sendMouse({ type: 'up' });
    await resetMouse();
    expect(new Set([resting, hovered, pressed]).size, `${resting} ${hovered} ${pressed}`).to.equal(3);
  });

  it('shows a focus ring when reached by keyboard', async () => {
    const el = await connectElement();
    input(el, 'client_id')!.focus();
    await sendKeys({ press: 'Tab' });
    const focused = shadow(el).activeElement!;
    expect(focused.getAttribute('name')).to.equal('client_secret');
    expect(style(focused).outlineStyle).to.equal('solid');
    expect(style(focused).outlineWidth).to.equal('2px');
  });

  it('draws Connect as the one primary button, full width', async () => {
    const el = await connectElement();
    const button = connectButton(el);
    const form = shadow(el).querySelector('form')!;
    expect(button.getBoundingClientRect().width).to.equal(form.getBoundingClientRect().width);
    expect(button.getBoundingClientRect().height).to.be.at.least(40);
    expect(style(button).fontWeight).to.equal('600');
  });

  it('while pending: a spinner that stops when the reader asks for less motion', async () => {
    const browser = stubBrowser(window);
    try {
      const el = await connectElement();
      fillValid(el);
      connectButton(el).click();
      await el.updateComplete;
      const spinner = connectButton(el).querySelector('.spinner')!;
      expect(style(spinner).animationName).to.equal('spin');
      await emulateMedia({ reducedMotion: 'reduce' });
      expect(style(spinner).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
      browser.restore();
      document.querySelector('oauth-cc-connect')?.remove();
    }
  });

  it('in forced colours: Connect keeps its text and border, a busy Connect greys out, notices keep a border', async () => {
    const browser = stubBrowser(null);
    try {
      await executeServerCommand('forced-colors', 'active');
      const el = await connectElement();
      const button = connectButton(el);
      expect(style(button).color, 'text readable on the forced background').not.to.equal(style(button).backgroundColor);
      expect(style(button).borderTopColor, 'the transparent border shows').not.to.equal(style(button).backgroundColor);
      fillValid(el);
      button.click();
      await el.updateComplete;
      expect(style(shadow(el).querySelector('[part=notice]')!).borderTopStyle).to.equal('solid');
      const probe = document.createElement('span');
      probe.style.color = 'GrayText';
      document.body.append(probe);
      el.style.cssText = '';
      const pending = fakePopup();
      browser.restore();
      const popupBrowser = stubBrowser(pending.win);
      connectButton(el).click();
      await el.updateComplete;
      expect(connectButton(el).getAttribute('aria-disabled')).to.equal('true');
      expect(style(connectButton(el)).color).to.equal(style(probe).color);
      probe.remove();
      popupBrowser.restore();
      pending.closeByUser();
    } finally {
      await executeServerCommand('forced-colors', 'none');
      browser.restore();
    }
  });
});

describe('<oauth-cc-connect> at narrow widths', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('at 360 px keeps the secret field one line of 40 px, with the reveal button inside it', async () => {
    await setViewport({ width: 360, height: 640 });
    const el = await connectElement();
    const secret = input(el, 'client_secret')!;
    const toggle = shadow(el).querySelector('[part=toggle]')!;
    expect(secret.getBoundingClientRect().height).to.equal(40);
    const field = secret.getBoundingClientRect();
    const button = toggle.getBoundingClientRect();
    expect(button.left).to.be.at.least(field.left);
    expect(button.right).to.be.at.most(field.right);
    expect(button.top).to.be.at.least(field.top);
    expect(button.bottom).to.be.at.most(field.bottom);
    expect(advanced(el)).to.exist;
  });

  it('puts the reveal button at the start of the line in a right-to-left page', async () => {
    const el = await connectElement(sessionToken());
    el.dir = 'rtl';
    const field = input(el, 'client_secret')!.getBoundingClientRect();
    const button = shadow(el).querySelector('[part=toggle]')!.getBoundingClientRect();
    expect(button.left - field.left).to.be.below(field.right - button.right);
  });
});
