import '../widget/define.js';
import type { AuthMethod, LockableField } from '../protocol/index.js';
import type { OAuthCcConnect } from '../widget/index.js';
import { renderApiReference } from './api-reference.js';
import { logEvents } from './event-log.js';
import { setUpGallery } from './gallery.js';
import { SandboxSession, type SessionReport } from './sandbox-session.js';
import { setUpTheme } from './theme.js';
import { showWebhooks } from './webhook-log.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The Worker's base URL: `?endpoint=` (the end-to-end tests run their own), else `npm start`'s. */
const endpoint = (new URLSearchParams(location.search).get('endpoint') ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
byId('endpoint-label').textContent = endpoint;

const live = document.querySelector<OAuthCcConnect>('#live oauth-cc-connect')!;
live.endpoint = endpoint;
logEvents(live, byId('event-log'), byId('clear-log'));
showWebhooks(byId('webhook-log'));

// The session: minted by the page itself from the Worker's sandbox.
const status = byId('session-status');
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const code = (text: string) => Object.assign(document.createElement('code'), { textContent: text });
const session = new SandboxSession(live, endpoint, (report: SessionReport) => {
  status.dataset.kind = report.kind;
  if (report.kind === 'renewing') status.replaceChildren('Asking the Worker for a session…');
  if (report.kind === 'ready') {
    const until = time.format(new Date(report.expiresAt * 1000));
    status.replaceChildren(
      'Session ready: tenant ',
      code('sandbox'),
      ', ',
      code(report.authMethod),
      `, valid until ${until}.`,
    );
  }
  if (report.kind === 'error') {
    status.replaceChildren('The Worker at ', code(endpoint), ` ${report.reason}. Is `, code('npm start'), ' running?');
  }
});
const settingsForm = byId<HTMLFormElement>('session-settings');
function readSettings(): void {
  const form = new FormData(settingsForm);
  session.settings = {
    authMethod: form.get('authMethod') as AuthMethod,
    locked: form.getAll('lock') as LockableField[],
  };
  const closeAfter = form.get('closeAfter') as string;
  if (closeAfter === '') live.removeAttribute('close-after');
  else live.setAttribute('close-after', closeAfter);
}
settingsForm.addEventListener('change', (event) => {
  readSettings();
  if ((event.target as HTMLElement).getAttribute('name') !== 'closeAfter') session.renew();
});
readSettings();
session.renew();

// "Fill in": what a person would paste from the provider's console.
for (const button of document.querySelectorAll<HTMLButtonElement>('#credentials [data-client-id]')) {
  button.addEventListener('click', () => {
    for (const [name, value] of [
      ['client_id', button.dataset.clientId!],
      ['client_secret', button.dataset.secret!],
    ]) {
      const input = live.shadowRoot!.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
    live.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  });
}

renderApiReference(byId('api-reference'), 'oauth-cc-connect');

const gallery = byId('gallery');
await customElements.whenDefined('oauth-cc-connect');
await setUpGallery(gallery);
const theme = setUpTheme(
  byId<HTMLFormElement>('knobs'),
  byId('knob-list'),
  document.head.appendChild(document.createElement('style')),
  byId('css-out'),
  gallery.querySelector<HTMLElement>('[data-state=failed]')!,
);
theme.readDefaults();
document.documentElement.classList.remove('loading');
