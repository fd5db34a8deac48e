// What a person does on the demo page, and what they then see, for the end-to-end tests.
import assert from 'node:assert/strict';
import { sessionReady } from './stack.mjs';

const liveElement = (page) => page.locator('#live oauth-cc-connect');

/** Session settings as the page offers them; waits for the session minted with them. */
export async function chooseSettings(page, { authMethod, closeAfter } = {}) {
  if (authMethod) await page.getByLabel('Client authentication').selectOption(authMethod);
  if (closeAfter !== undefined) await page.getByLabel('Close the window').selectOption(String(closeAfter));
  await sessionReady(page);
}

/** Types into the live element's fields; only the fields given are touched. */
export async function fillFields(page, fields) {
  const live = liveElement(page);
  const labels = { clientId: 'Client ID', secret: 'Client Secret', tokenUrl: 'Issuer or token URL', scope: 'Scopes' };
  for (const [key, value] of Object.entries(fields)) await live.getByLabel(labels[key], { exact: true }).fill(value);
}

/** Clicks Connect and returns the popup the element opened. */
export async function clickConnect(page) {
  const popup = page.waitForEvent('popup');
  await liveElement(page).getByRole('button', { name: 'Connect', exact: true }).click();
  return popup;
}

/** The heading the completion page shows, once it shows one. */
export async function popupHeading(popup) {
  const heading = popup.getByRole('heading', { level: 1 });
  await heading.waitFor();
  return heading.innerText();
}

/** Waits for the event log to list `type`; returns the entry's `detail` as the host got it. */
export async function loggedEvent(page, type, { timeout = 30_000 } = {}) {
  const entry = page.locator(`#event-log li[data-type="${type}"]`).first();
  await entry.waitFor({ timeout });
  const detail = entry.locator('.log-detail');
  return (await detail.count()) ? JSON.parse(await detail.innerText()) : null;
}

export const statusText = (page) => liveElement(page).locator('[part=status]').innerText();

export const hasState = (page, state) => liveElement(page).evaluate((el, s) => el.matches(`:state(${s})`), state);

/**
 * The secret went out in a POST body (so the recording saw the request that carried it) and in
 * no URL of any request the browser made: pages, popups, fetches.
 */
export function assertSecretOnlyInBodies(requests, secret) {
  const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  assert.ok(
    requests.some((r) => r.method === 'POST' && forms.some((form) => r.body.includes(form))),
    'the secret was posted (the recording covers the connect request)',
  );
  const leaks = requests.filter((r) => forms.some((form) => r.url.includes(form)));
  assert.deepEqual(
    leaks.map((r) => r.url),
    [],
    'no request URL carries the client secret',
  );
}
