import { expect, fixture, html } from '@open-wc/testing';
import { resultMessage } from '../../protocol/index.js';
import { defaultStrings, type OAuthCcConnect, type Strings } from '../../widget/index.js';
import { de } from '../../widget/locales/de.js';
import { es } from '../../widget/locales/es.js';
import { fr } from '../../widget/locales/fr.js';
import { ja } from '../../widget/locales/ja.js';
import {
  connectButton,
  connectedMessage,
  connectWithoutPopup,
  ENDPOINT,
  fakePopup,
  fillValid,
  json,
  SECRET,
  sessionToken,
  shadow,
  stubBrowser,
  until,
} from './support.js';

const PROFILE = sessionToken({
  tokenUrl: 'https://zoom.us/oauth/token',
  locked: ['tokenUrl', 'scopes', 'params'],
  fields: [
    { name: 'account_id', label: 'Account ID', hint: 'Shown under App Credentials.', pattern: '[A-Za-z0-9]{10,64}' },
    { name: 'region', label: 'Region', options: [{ value: 'eu', label: 'Europe' }] },
  ],
  provider: {
    id: 'zoom',
    name: 'Zoom',
    docs: 'https://developers.zoom.us/docs/internal-apps/s2s-oauth/',
    instructions: 'Create the app.\nCopy its credentials.',
  },
});

type Scene =
  | 'idle'
  | 'advanced'
  | 'invalid'
  | 'pending'
  | 'connected'
  | 'failed'
  | 'blocked'
  | 'profile'
  | 'pasted-key'
  | 'worker-key';
const SCENES: Scene[] = [
  'idle',
  'advanced',
  'invalid',
  'pending',
  'connected',
  'failed',
  'blocked',
  'profile',
  'pasted-key',
  'worker-key',
];

/** Each scene's session; `worker-key`'s key has a certificate, which the element offers. */
const TOKENS: Partial<Record<Scene, string>> = {
  advanced: sessionToken({ scopes: ['read'] }),
  profile: PROFILE,
  'pasted-key': sessionToken({ authMethod: 'private_key_jwt' }),
  'worker-key': sessionToken({ authMethod: 'private_key_jwt', keyId: 'kid_long_enough_to_wrap_0123456789' }),
};

/** An element in `scene`, reached the way a person reaches it; no request leaves the page. */
async function inScene(scene: Scene, strings: Partial<Strings> = defaultStrings, width = '') {
  const token = TOKENS[scene] ?? sessionToken();
  // The Worker's answer to the element's look at the key's certificate: it has one.
  const certificates = scene === 'worker-key' ? stubBrowser(null, () => new Response(null, { status: 200 })) : null;
  const el = await fixture<OAuthCcConnect>(
    html`<oauth-cc-connect
      endpoint=${ENDPOINT}
      session-token=${token}
      .strings=${strings}
      style=${width ? `width: ${width}` : ''}
    ></oauth-cc-connect>`,
  );
  el.pollInterval = 20;
  if (certificates) {
    await until(() => !!shadow(el).querySelector('[part=certificate]')).finally(certificates.restore);
    return el;
  }
  if (['idle', 'advanced', 'profile', 'pasted-key'].includes(scene)) return el;
  if (scene === 'invalid') {
    connectButton(el).click();
    await el.updateComplete;
    return el;
  }
  const popup = scene === 'pending' ? fakePopup() : null;
  const browser = stubBrowser(popup?.win ?? null, ({ init }) => {
    const state = new URLSearchParams(init.body as URLSearchParams).get('state');
    const message = 'The provider rejected the Client ID or Client Secret.';
    return json(
      scene === 'connected'
        ? connectedMessage(state, 'c_1')
        : resultMessage(state ?? '', { status: 'failed', error: { code: 'invalid_client', message } }),
    );
  });
  try {
    fillValid(el);
    if (scene === 'pending' || scene === 'blocked') connectButton(el).click();
    else {
      await connectWithoutPopup(el);
      await until(() => el.status === scene);
    }
    await el.updateComplete;
  } finally {
    browser.restore();
  }
  return el;
}

describe('<oauth-cc-connect> passes axe in every state', () => {
  for (const scheme of ['light', 'dark']) {
    for (const scene of SCENES) {
      it(`${scene}, ${scheme}`, async () => {
        const el = await inScene(scene);
        el.style.colorScheme = scheme;
        expect(getComputedStyle(el).backgroundColor !== 'rgb(255, 255, 255)').to.equal(scheme === 'dark');
        // axe-core (chai-a11y-axe), all its rules, colour contrast included, in the shadow root too.
        await expect(el).to.be.accessible();
      });
    }
  }
});

const LOCALES: [string, Partial<Strings>][] = [
  ['en', defaultStrings],
  ['de', de],
  ['fr', fr],
  ['es', es],
  ['ja', ja],
];

/** Whatever in the element reaches past its right or left edge (text, a field, a button). */
function overflowing(el: OAuthCcConnect): string[] {
  const { left, right } = el.getBoundingClientRect();
  const nodes = [...shadow(el).querySelectorAll('*')].filter((node) => node.getClientRects().length);
  const out = nodes.filter((node) => {
    const box = node.getBoundingClientRect();
    return box.right > right + 0.5 || box.left < left - 0.5;
  });
  return [
    ...(el.scrollWidth > el.clientWidth ? [`element scrolls: ${el.scrollWidth} > ${el.clientWidth}`] : []),
    ...out.map(
      (node) => `${node.tagName.toLowerCase()}${node.getAttribute('part') ? `[${node.getAttribute('part')}]` : ''}`,
    ),
  ];
}

describe('<oauth-cc-connect> at 280 px, in every locale and in both directions', () => {
  for (const [lang, strings] of LOCALES) {
    for (const dir of ['ltr', 'rtl']) {
      it(`${lang}, ${dir}: nothing overflows in any state`, async () => {
        const problems: string[] = [];
        for (const scene of SCENES) {
          const el = await inScene(scene, strings, '280px');
          el.dir = dir;
          const details = shadow(el).querySelector('details');
          if (details) details.open = true;
          await el.updateComplete;
          problems.push(...overflowing(el).map((what) => `${scene}: ${what}`));
        }
        expect(problems).to.deep.equal([]);
      });
    }
  }

  it('wraps a long secret’s dots inside its field, and a long JWKS URL inside its box', async () => {
    const el = await fixture<OAuthCcConnect>(html`<oauth-cc-connect
      endpoint="https://a-rather-long-endpoint-name.connect.example.com"
      session-token=${sessionToken({ authMethod: 'private_key_jwt', keyId: 'k', tenant: 'tenant-with-a-long-name' })}
      style="width: 280px"
    ></oauth-cc-connect>`);
    expect(overflowing(el)).to.deep.equal([]);
    const other = await inScene('idle', defaultStrings, '280px');
    fillValid(other);
    shadow(other).querySelector<HTMLInputElement>('input[name=client_secret]')!.value = SECRET.repeat(8);
    expect(overflowing(other)).to.deep.equal([]);
  });
});
