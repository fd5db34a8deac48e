import { fixture, html } from '@open-wc/testing';
import { encodeBase64Url, resultMessage, type SessionClaims } from '../../protocol/index.js';
import '../../widget/define.js';
import type { OAuthCcConnect } from '../../widget/index.js';

export const ENDPOINT = 'https://connect.example.test';
export const SECRET = 'sEcReT-9f2c-never-leaks';

/** A session token as the Worker makes them: base64url claims, a dot, a signature (unchecked here). */
export function sessionToken(claims: Partial<SessionClaims> = {}): string {
  const payload = {
    v: 1,
    sid: 'sid-1',
    tenant: 'acme',
    origin: location.origin,
    iat: 0,
    exp: 4e9,
    authMethod: 'auto',
    locked: [],
    ...claims,
  };
  return `${encodeBase64Url(new TextEncoder().encode(JSON.stringify(payload)))}.c2lnbmF0dXJl`;
}

export async function connectElement(token = sessionToken(), timeout = 5): Promise<OAuthCcConnect> {
  const el = await fixture<OAuthCcConnect>(
    html`<oauth-cc-connect endpoint=${ENDPOINT} session-token=${token} timeout=${timeout}></oauth-cc-connect>`,
  );
  el.pollInterval = 20;
  return el;
}

export const shadow = (el: OAuthCcConnect) => el.shadowRoot!;
export const input = (el: OAuthCcConnect, name: string) =>
  shadow(el).querySelector<HTMLInputElement>(`input[name=${name}]`);
/** Connect: the form's submit button (the only button without a type). */
export const connectButton = (el: OAuthCcConnect) =>
  shadow(el).querySelector<HTMLButtonElement>('[part=button]:not([type])')!;
/** "Connect without a pop-up", offered once the browser blocked the pop-up. */
export const inlineButton = (el: OAuthCcConnect) =>
  shadow(el).querySelector<HTMLButtonElement>('[part=button][type=button]');
/** With `window.open` stubbed to return null: Connect (blocked), then "Connect without a pop-up". */
export async function connectWithoutPopup(el: OAuthCcConnect): Promise<void> {
  connectButton(el).click();
  await el.updateComplete;
  inlineButton(el)!.click();
}
export const statusText = (el: OAuthCcConnect) => shadow(el).querySelector('[part=status]')!.textContent!.trim();
/** The notice's kind (`ok`, `error`, `warn`, `info`), or '' when it shows nothing. */
export const noticeKind = (el: OAuthCcConnect) => shadow(el).querySelector('[part=notice]')!.className;
/** The names of the fields marked invalid. */
export const invalidFields = (el: OAuthCcConnect) =>
  [...shadow(el).querySelectorAll<HTMLInputElement>('[aria-invalid=true]')].map((field) => field.name);
/** The names of the form's fields, in order, shown or folded away under Advanced. */
export const fieldNames = (el: OAuthCcConnect) =>
  [...shadow(el).querySelectorAll<HTMLInputElement>('input, select')].map((field) => field.name);
/** A field's label text (its accessible name), or undefined when the field is not rendered. */
export const labelOf = (el: OAuthCcConnect, name: string) =>
  shadow(el).querySelector(`label[for=${name}]`)?.textContent?.trim();
/** The Advanced disclosure, if rendered. */
export const advanced = (el: OAuthCcConnect) => shadow(el).querySelector<HTMLDetailsElement>('[part=advanced]');
/** Waits until the element has rendered what it last changed and any focus it moves has moved. */
export const settled = async (el: OAuthCcConnect) => {
  await el.updateComplete;
  await el.updateComplete;
};

/** Types into the element's inputs the way a person would, so `input` events fire. */
export function fill(el: OAuthCcConnect, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const field = input(el, name)!;
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** Enters `value` and commits it the way leaving the field or pressing Enter does: `change` fires. */
export function commit(el: OAuthCcConnect, name: string, value: string): void {
  fill(el, { [name]: value });
  input(el, name)!.dispatchEvent(new Event('change', { bubbles: true }));
}

export function fillValid(el: OAuthCcConnect): void {
  fill(el, {
    client_id: 'client-123',
    client_secret: SECRET,
    token_url: 'https://id.example.com/oauth/token',
    scope: 'read write',
  });
}

/**
 * A stand-in for the popup: a same-origin iframe's window, a real WindowProxy (MessageEvent
 * only takes real ones as `source`). Removing the iframe makes `closed` read true, as a closed
 * popup does.
 */
export function fakePopup() {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const win = frame.contentWindow!;
  const calls = { close: 0, focus: 0 };
  win.close = () => {
    calls.close++;
    frame.remove();
  };
  win.focus = () => void calls.focus++;
  return { win, calls, closeByUser: () => frame.remove() };
}

interface Submission {
  action: string;
  method: string;
  target: string;
  fields: Record<string, string>;
}

interface FetchCall {
  url: string;
  init: RequestInit;
}

type Responder = (call: FetchCall) => Response | Promise<Response>;

/** The result message of a connected attempt, as the Worker builds it (protocol's resultMessage). */
export const connectedMessage = (state: string | null, connectionId = 'conn_7') =>
  resultMessage(state ?? '', { status: 'connected', connectionId, scopes: [] });

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/**
 * Replaces `window.open`, form submission and `fetch` for one test, recording every call, so no
 * request leaves the page and the tests can inspect what would have been sent.
 */
export function stubBrowser(popup: Window | null, respond: Responder = () => json({ status: 'pending' })) {
  const opened: Parameters<typeof window.open>[] = [];
  const submissions: Submission[] = [];
  const fetches: FetchCall[] = [];
  const { open, fetch } = window;
  const { submit } = HTMLFormElement.prototype;
  window.open = (...args: Parameters<typeof window.open>) => {
    opened.push(args);
    return popup;
  };
  HTMLFormElement.prototype.submit = function (this: HTMLFormElement) {
    const fields = Object.fromEntries(new FormData(this)) as Record<string, string>;
    submissions.push({ action: this.action, method: this.method, target: this.target, fields });
  };
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = { url: String(input), init };
    fetches.push(call);
    return respond(call);
  };
  const restore = () => {
    Object.assign(window, { open, fetch });
    HTMLFormElement.prototype.submit = submit;
  };
  return { opened, submissions, fetches, restore };
}

/** Resolves once `check` holds, polling briefly; fails the test if it never does. */
export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms: ${check}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Records every oauth-cc-* event the element fires. */
export function recordEvents(el: OAuthCcConnect) {
  const events: Event[] = [];
  for (const type of ['oauth-cc-connected', 'oauth-cc-failed', 'oauth-cc-cancelled']) {
    el.addEventListener(type, (event) => events.push(event));
  }
  return events;
}
