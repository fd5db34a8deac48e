// What a person does on the demo page, and what they then see, for the end-to-end tests.
import assert from 'node:assert/strict';
import { sessionReady } from './stack.mjs';

export const liveElement = (page) => page.locator('#live oauth-cc-connect');

/**
 * Session settings as the page offers them; waits for the session minted with them. `provider`
 * is `tokenUrl` or `issuer`; `probe` a sandbox API path for Test & Save, or `''` for none.
 */
export async function chooseSettings(page, { authMethod, closeAfter, provider, probe } = {}) {
  if (authMethod) await page.getByLabel('Client authentication').selectOption(authMethod);
  if (provider) await page.getByLabel('Provider in the session').selectOption(provider);
  if (probe !== undefined) await page.getByLabel('Test & Save').selectOption(probe);
  if (closeAfter !== undefined) await page.getByLabel('Close the window').selectOption(String(closeAfter));
  await sessionReady(page);
}

/**
 * Hands the live element a session the test minted itself, as a host page sets the token its
 * backend got from `POST /v1/sessions`, in place of the demo's sandbox one.
 */
export async function useSession(page, token) {
  await liveElement(page).evaluate((element, value) => {
    element.sessionToken = value;
    return element.updateComplete;
  }, token);
}

const FIELD_LABELS = {
  clientId: 'Client ID',
  secret: 'Client Secret',
  privateKey: 'Private key (PEM)',
  keyId: 'Key ID (kid)',
  tokenUrl: 'Issuer or token URL',
  scope: 'Scopes',
};

/** Types into the live element's fields (keys of FIELD_LABELS); only the fields given are touched. */
export async function fillFields(page, fields) {
  const live = liveElement(page);
  for (const [key, value] of Object.entries(fields)) {
    await live.getByLabel(FIELD_LABELS[key], { exact: true }).fill(value);
  }
}

/** Clicks Connect and returns the popup the element opened. */
export async function clickConnect(page) {
  const popup = page.waitForEvent('popup');
  await liveElement(page).getByRole('button', { name: 'Connect', exact: true }).click();
  return popup;
}

/**
 * Resolves once `popup` has closed itself (close-after 0). Asked in the same tick as the listener
 * is added: on a busy machine the popup can close before the test gets to wait for it. A popup
 * that stays is reported with what it shows (its address and text), not only as a timeout.
 */
export async function closedItself(popup) {
  if (popup.isClosed()) return;
  try {
    await popup.waitForEvent('close');
  } catch (error) {
    const shows = await popup
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch(() => '(nothing readable)');
    throw new Error(`the popup did not close itself; it shows ${popup.url()}: ${shows.slice(0, 300)}`, {
      cause: error,
    });
  }
}

/** The heading the completion page shows, once it shows one. */
export async function popupHeading(popup) {
  const heading = popup.getByRole('heading', { level: 1 });
  await heading.waitFor();
  return heading.innerText();
}

/**
 * Waits for the event log to list `type` (`count` times); returns the newest entry's `detail`
 * as the host got it.
 */
export async function loggedEvent(page, type, { count = 1, popup } = {}) {
  const entries = page.locator(`#event-log li[data-type="${type}"]`);
  try {
    await entries.nth(count - 1).waitFor();
  } catch (error) {
    throw new Error(`no ${type} event: ${error.message.split('\n')[0]}\n${await diagnosis(page, popup)}`, {
      cause: error,
    });
  }
  const detail = entries.first().locator('.log-detail');
  return (await detail.count()) ? JSON.parse(await detail.innerText()) : null;
}

/**
 * Waits for the webhook panel to show a verified delivery of `type` for `connectionId`: a queue
 * delivery, which comes when it comes (a busy receiver is retried after a back-off), so the
 * wait is as long as the stack's (WAIT_MS).
 */
export async function deliveredWebhook(page, type, connectionId) {
  const entry = page.locator(`#webhook-log li[data-type="${type}"][data-connection-id="${connectionId}"]`).first();
  await entry.waitFor();
  assert.equal(await entry.getAttribute('data-verified'), 'true', `${type} verified`);
  return entry.innerText();
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

/**
 * What the page and its popup say when an awaited outcome never came: the element's status, the
 * messages the page received, the popup's address and the message its completion page holds.
 */
async function diagnosis(page, popup) {
  const safely = (work) => work.catch((error) => `(${error.message.split('\n')[0]})`);
  const facts = {
    element: await safely(liveElement(page).evaluate((element) => element.status)),
    messages: await safely(page.evaluate(() => globalThis.__messages ?? null)),
    console: page.consoleErrors ?? [],
  };
  if (popup) {
    facts.popup = popup.isClosed()
      ? 'closed'
      : await safely(
          popup.evaluate(() => ({
            url: location.href,
            opener: Boolean(window.opener),
            data: document.getElementById('oauth-cc-data')?.textContent ?? null,
          })),
        );
  }
  return `diagnosis: ${JSON.stringify(facts, null, 2)}`;
}
