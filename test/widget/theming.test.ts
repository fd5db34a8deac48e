import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { connectButton, connectElement, input, shadow } from './support.js';

const style = (el: Element) => getComputedStyle(el);

describe('<oauth-cc-connect> theming', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('follows prefers-color-scheme: light and dark defaults', async () => {
    const el = await connectElement();
    await emulateMedia({ colorScheme: 'light' });
    expect(style(connectButton(el)).backgroundColor).to.equal('rgb(11, 87, 208)');
    expect(style(el).backgroundColor).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(style(connectButton(el)).backgroundColor).to.equal('rgb(168, 199, 250)');
    expect(style(el).backgroundColor).not.to.equal('rgb(255, 255, 255)');
    expect(style(el).color).not.to.equal('rgb(0, 0, 0)');
  });

  it('takes --oauth-cc-* custom properties and ::part() rules from the page', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('oauth-cc-connect::part(label) { text-transform: uppercase }');
    document.adoptedStyleSheets = [sheet];
    const el = await connectElement();
    el.style.cssText =
      '--oauth-cc-accent: rgb(1, 2, 3); --oauth-cc-radius: 0px; --oauth-cc-font: 11px serif; --oauth-cc-spacing: 3px';
    expect(style(connectButton(el)).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(style(input(el, 'client_id')!).borderTopLeftRadius).to.equal('0px');
    expect(style(input(el, 'client_id')!).fontSize).to.equal('11px');
    expect(style(shadow(el).querySelector('form')!).rowGap).to.equal('3px');
    expect(style(shadow(el).querySelector('[part=label]')!).textTransform).to.equal('uppercase');
    document.adoptedStyleSheets = [];
  });

  it('inherits the page font unless told', async () => {
    document.body.style.font = '19px monospace';
    const el = await connectElement();
    expect(style(input(el, 'client_id')!).fontSize).to.equal('19px');
    document.body.style.font = '';
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
});
