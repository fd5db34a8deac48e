import '../widget/define.js';
import type { LockableField } from '../protocol/index.js';
import type { OAuthCcConnect } from '../widget/index.js';
import { renderApiReference } from './api-reference.js';
import { logEvents } from './event-log.js';
import { fillIn } from './element-fields.js';
import { setUpGallery } from './gallery.js';
import { setUpKeys } from './key-walkthrough.js';
import { setUpPresets } from './preset-picker.js';
import { setUpReconnect } from './reconnect-walkthrough.js';
import { SandboxSession, type SessionReport, type SessionSettings } from './sandbox-session.js';
import { setUpTheme } from './theme.js';
import { showWebhooks } from './webhook-log.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The Worker's base URL: `?endpoint=` (the end-to-end tests run their own), else `npm start`'s. */
const endpoint = (new URLSearchParams(location.search).get('endpoint') ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
byId('endpoint-label').textContent = endpoint;
byId<HTMLAnchorElement>('openapi-link').href = `${endpoint}/v1/openapi.json`;

const live = document.querySelector<OAuthCcConnect>('#live oauth-cc-connect')!;
live.endpoint = endpoint;
logEvents(live, byId('event-log'), byId('clear-log'));
showWebhooks(byId('webhook-log'));

// The session: minted by the page itself from the Worker's sandbox, for the sandbox provider or
// for a preset of the Worker's catalog.
const status = byId('session-status');
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const code = (text: string) => Object.assign(document.createElement('code'), { textContent: text });
const settingsForm = byId<HTMLFormElement>('session-settings');
const control = <T extends HTMLElement>(name: string) => settingsForm.elements.namedItem(name) as T;
const authMethod = control<HTMLSelectElement>('authMethod');
const presetSelect = control<HTMLSelectElement>('preset');
const presets = setUpPresets(
  presetSelect,
  byId('preset-note'),
  live.querySelector<HTMLElement>('[slot=instructions]')!,
  [authMethod, control('provider'), control('probe'), byId('locks')],
  endpoint,
);
let syncReconnect = () => {};
function showSession(report: SessionReport): void {
  status.dataset.kind = report.kind;
  if (report.kind === 'renewing') status.replaceChildren('Asking the Worker for a session…');
  if (report.kind === 'ready') {
    const until = `, valid until ${time.format(new Date(report.expiresAt * 1000))}.`;
    presets.show(report.preset ?? '');
    if (report.connectionId) {
      status.replaceChildren('Reconnect session for ', code(report.connectionId), until);
    } else if (report.preset) {
      const name = presets.preset(report.preset)?.name ?? report.preset;
      status.replaceChildren(
        `Session ready: preset ${name} (`,
        code(report.preset),
        '), ',
        code(report.authMethod),
        until,
      );
    } else {
      const key = report.keyId ? [' with the Worker’s key ', code(report.keyId)] : [];
      status.replaceChildren('Session ready: tenant ', code('sandbox'), ', ', code(report.authMethod), ...key, until);
    }
  }
  if (report.kind === 'error') {
    status.replaceChildren('The Worker at ', code(endpoint), ` ${report.reason}. Is `, code('npm start'), ' running?');
  }
  syncReconnect();
}
/** The settings as chosen; with a preset, the sandbox's own (which step aside) stay as they were. */
function readSettings(): void {
  const preset = presetSelect.value;
  presets.show(preset);
  const form = new FormData(settingsForm);
  session.settings = preset
    ? { ...session.settings, preset }
    : {
        preset,
        authMethod: form.get('authMethod') as SessionSettings['authMethod'],
        provider: form.get('provider') as SessionSettings['provider'],
        probe: form.get('probe') as string,
        locked: form.getAll('lock') as LockableField[],
      };
  const closeAfter = form.get('closeAfter') as string;
  if (closeAfter === '') live.removeAttribute('close-after');
  else live.setAttribute('close-after', closeAfter);
}
/**
 * Switches the session to the sandbox with this client authentication, as if chosen in the
 * settings; resolves once the session is in.
 */
function useAuthMethod(method: SessionSettings['authMethod']): Promise<void> {
  presetSelect.value = '';
  authMethod.value = method;
  readSettings();
  return session.newConnection();
}
const workerKey = setUpKeys(live, endpoint, useAuthMethod);
const session = new SandboxSession(live, endpoint, showSession, workerKey);
syncReconnect = setUpReconnect(live, session, endpoint);
settingsForm.addEventListener('change', (event) => {
  readSettings();
  const name = (event.target as HTMLElement).getAttribute('name');
  // A probe applies to a reconnect too (it replaces the stored one); any other setting starts anew.
  if (name === 'probe') void session.renew();
  else if (name !== 'closeAfter') void session.newConnection();
});
readSettings();
void session.renew();

// "Fill in": what a person would paste from the provider's console. A row that needs a client
// authentication method the session does not use switches to the first one it names; with a
// preset chosen, back to the sandbox, whose clients these are.
const SECRET_METHODS = 'client_secret_basic client_secret_post auto';
for (const button of document.querySelectorAll<HTMLButtonElement>('#credentials [data-client-id]')) {
  button.addEventListener('click', async () => {
    const methods = (button.dataset.authMethod ?? SECRET_METHODS).split(' ') as SessionSettings['authMethod'][];
    const current = authMethod.value as SessionSettings['authMethod'];
    if (presetSelect.value || !methods.includes(current)) {
      await useAuthMethod(methods.includes(current) ? current : methods[0]!);
    }
    // After a connection the element shows its confirmation: a new session brings the form back.
    await session.usable();
    await fillIn(live, {
      client_id: button.dataset.clientId!,
      ...(button.dataset.secret ? { client_secret: button.dataset.secret } : {}),
    });
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
  [gallery, byId('live')],
);
theme.readDefaults();
document.documentElement.classList.remove('loading');
