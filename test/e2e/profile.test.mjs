// Provider profiles in Chromium, through the demo page's live element and the Worker under
// wrangler dev (fresh local D1): a token URL with the person's tenant id in its path, as
// Microsoft Entra ID's is, connects against a loopback token endpoint that checks that path; a
// tenant that would change the path is stopped, by the element's pattern or by the Worker naming
// the field. Then what the demo shows of the catalog (its preset picker) and of certificates (a
// Worker-held key made with one is offered for download), against the real Worker. Each test
// uses a fresh browser context that records every request, popups included.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { after, afterEach, before, describe, test } from 'node:test';
import { request } from '../../scripts/dev-servers.mjs';
import {
  assertSecretOnlyInBodies,
  clickConnect,
  liveElement,
  loggedEvent,
  popupHeading,
  statusText,
  useSession,
} from './support/demo-flow.mjs';
import { admin, fetchToken, openDemo, recordingContext, sessionReady, startStack } from './support/stack.mjs';

const CLIENT = { id: 'e2e-directory-app', secret: 'e2e~Secret.with-the_usual.Entra~chars' };
const TENANT = 'e2e-profiles';
const TENANT_ID = randomUUID();
const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const TENANT_FIELD = {
  name: 'tenant',
  label: 'Directory (tenant) ID',
  hint: 'On the app registration’s Overview page, under Essentials.',
};

/**
 * A token endpoint in Entra's shape, `POST /{tenant}/oauth2/v2.0/token`, on a loopback port:
 * `client_secret_post`, one directory it knows (TENANT_ID), and a record of every request it saw.
 */
function startDirectoryTokenServer() {
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      seen.push({ method: req.method, path: req.url, form });
      const answer = (status, json) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(json));
      };
      const directory = /^\/([^/?]+)\/oauth2\/v2\.0\/token$/.exec(req.url ?? '')?.[1];
      if (req.method !== 'POST' || !directory) return answer(404, { error: 'invalid_request' });
      if (directory !== TENANT_ID) {
        return answer(400, { error: 'invalid_request', error_description: 'AADSTS90002: Tenant not found.' });
      }
      if (
        form.get('grant_type') !== 'client_credentials' ||
        form.get('client_id') !== CLIENT.id ||
        form.get('client_secret') !== CLIENT.secret
      ) {
        return answer(401, { error: 'invalid_client' });
      }
      answer(200, { access_token: `e2e-token-${seen.length}`, token_type: 'Bearer', expires_in: 3599 });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        seen,
        tokenUrl: `http://127.0.0.1:${server.address().port}/{tenant}/oauth2/v2.0/token`,
        close: () => new Promise((done) => server.close(done)),
      }),
    ),
  );
}

let stack;
let directory;
let context;
let requests;

before(async () => {
  stack = await startStack({ oidc: false });
  directory = await startDirectoryTokenServer();
});
after(() => Promise.allSettled([stack?.stop(), directory?.close()]));
afterEach(() => context?.close());

/** The demo page with its own sandbox session in, ready for the test to hand the element another. */
async function demo() {
  ({ context, requests } = await recordingContext(stack.browser));
  const { page } = await openDemo(context, stack);
  await sessionReady(page);
  return page;
}

/** A session as the host's backend mints it (`POST /v1/sessions`), handed to the live element. */
async function profileSession(page, profile) {
  const minted = await admin(stack, '/v1/sessions', {
    tenant: TENANT,
    origin: stack.demo.url,
    authMethod: 'client_secret_post',
    ...profile,
  });
  assert.equal(minted.status, 201, JSON.stringify(minted.body));
  await useSession(page, minted.body.token);
}

/** The live element's field by its label, and the text its `aria-describedby` points at. */
async function describedField(page, label) {
  const field = liveElement(page).getByLabel(label, { exact: true });
  const description = await field.evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => input.getRootNode().getElementById(id)?.textContent.trim())
      .join(' '),
  );
  return { field, description };
}

describe('a provider profile with a field the person types', () => {
  test('the tenant id typed into its own field makes the token URL’s path, and the connection is made', async () => {
    const page = await demo();
    await profileSession(page, {
      tokenUrl: directory.tokenUrl,
      fields: [{ ...TENANT_FIELD, pattern: GUID }],
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const live = liveElement(page);
    // The template is the session's: the person sees the field it needs, not the URL.
    assert.equal(await live.getByLabel('Issuer or token URL').count(), 0);
    const tenant = await describedField(page, 'Directory (tenant) ID');
    assert.equal(tenant.description, TENANT_FIELD.hint);
    assert.equal(await tenant.field.getAttribute('pattern'), GUID);

    await live.getByLabel('Client ID', { exact: true }).fill(CLIENT.id);
    await live.getByLabel('Client Secret', { exact: true }).fill(CLIENT.secret);
    await tenant.field.fill(TENANT_ID);
    const before = directory.seen.length;
    const popup = await clickConnect(page);
    assert.equal(await popupHeading(popup), 'Authorization Complete');

    const detail = await loggedEvent(page, 'oauth-cc-connected');
    assert.match(detail.connectionId, /^conn_/);
    assert.deepEqual(detail.scopes, ['https://graph.microsoft.com/.default']);
    assert.equal(await statusText(page), 'Connected.');
    // The token endpoint saw the tenant in its path, once, with the credentials in the body.
    const exchanges = directory.seen.slice(before);
    assert.deepEqual(
      exchanges.map(({ method, path }) => `${method} ${path}`),
      [`POST /${TENANT_ID}/oauth2/v2.0/token`],
    );
    assert.equal(exchanges[0].form.get('client_id'), CLIENT.id);
    assert.equal(exchanges[0].form.get('scope'), 'https://graph.microsoft.com/.default');
    // The connection keeps the tenant: the host's backend gets the token it was issued.
    const token = await fetchToken(stack, detail.connectionId, TENANT);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(token.body.access_token, `e2e-token-${before + 1}`);
    assertSecretOnlyInBodies(requests, CLIENT.secret);
  });

  test('a tenant that would change the path is marked by the element’s pattern, and nothing is sent', async () => {
    const page = await demo();
    await profileSession(page, { tokenUrl: directory.tokenUrl, fields: [{ ...TENANT_FIELD, pattern: GUID }] });
    const live = liveElement(page);
    await live.getByLabel('Client ID', { exact: true }).fill(CLIENT.id);
    await live.getByLabel('Client Secret', { exact: true }).fill(CLIENT.secret);
    const tenant = live.getByLabel('Directory (tenant) ID', { exact: true });
    await tenant.fill('../x');
    const popups = [];
    page.on('popup', (popup) => popups.push(popup));
    const before = directory.seen.length;
    await live.getByRole('button', { name: 'Connect', exact: true }).click();

    assert.equal(await tenant.getAttribute('aria-invalid'), 'true');
    const { description } = await describedField(page, 'Directory (tenant) ID');
    assert.equal(description, `${TENANT_FIELD.hint} Check the format.`);
    assert.equal(await tenant.evaluate((input) => input.matches(':focus')), true, 'the person is taken to it');
    assert.deepEqual(popups, [], 'no window opened');
    assert.equal(directory.seen.length, before);
    assert.deepEqual(
      requests.filter((r) => r.url.startsWith(`${stack.worker.url}/v1/connect`)).map((r) => r.url),
      [],
    );
  });

  test('without a pattern, the Worker refuses it before any byte leaves, naming the field, and the element marks it', async () => {
    const page = await demo();
    await profileSession(page, { tokenUrl: directory.tokenUrl, fields: [TENANT_FIELD] });
    const live = liveElement(page);
    await live.getByLabel('Client ID', { exact: true }).fill(CLIENT.id);
    await live.getByLabel('Client Secret', { exact: true }).fill(CLIENT.secret);
    const tenant = live.getByLabel('Directory (tenant) ID', { exact: true });
    await tenant.fill('../x');
    const before = directory.seen.length;
    const popup = await clickConnect(page);

    assert.equal(await popupHeading(popup), 'Authorization Failed');
    assert.match(await popup.locator('body').innerText(), /tenant must be one path segment/);
    const detail = await loggedEvent(page, 'oauth-cc-failed');
    assert.equal(detail.code, 'invalid_request');
    assert.match(detail.message, /tenant must be one path segment/);
    assert.match(await statusText(page), /tenant must be one path segment/);
    await page.waitForFunction(
      () =>
        document
          .querySelector('#live oauth-cc-connect')
          .shadowRoot.querySelector('input[name=tenant]')
          ?.getAttribute('aria-invalid') === 'true',
    );
    assert.equal(directory.seen.length, before, 'the token endpoint saw nothing');
  });
});

describe('the demo page: presets and certificates', () => {
  test('picking a preset reconfigures the element, its steps included, and says Connect cannot reach the provider here', async () => {
    const page = await demo();
    const picker = page.getByLabel('Provider preset');
    const live = liveElement(page);
    const note = page.locator('#preset-note');
    // The catalog arrives grouped: those that ask for more than the credentials, then the rest.
    await page.locator('select[name=preset] optgroup').first().waitFor({ state: 'attached' });
    const groups = await page
      .locator('select[name=preset] optgroup')
      .evaluateAll((list) => list.map((group) => [group.label, group.children.length]));
    assert.equal(groups.length, 2);
    assert.ok(
      groups.reduce((sum, [, count]) => sum + count, 0) >= 40,
      `the catalog has its presets: ${JSON.stringify(groups)}`,
    );
    assert.equal(await note.isHidden(), true);

    await picker.selectOption('microsoft-entra');
    await page.locator('#session-status[data-kind=ready]').filter({ hasText: '(microsoft-entra)' }).waitFor();
    const tenant = await describedField(page, 'Directory (tenant) ID');
    assert.match(tenant.description, /Overview page/);
    assert.equal(await live.getByLabel('Issuer or token URL').count(), 0);
    // The page slots no instructions of its own now: the element shows the preset's.
    assert.equal(await page.locator('#live [slot=instructions]').count(), 0);
    assert.match(await live.locator('[part=steps]').innerText(), /Microsoft Entra admin center/);
    const docs = live.getByRole('link', { name: 'Microsoft Entra ID documentation' });
    assert.match(await docs.getAttribute('href'), /^https:\/\/learn\.microsoft\.com\//);
    assert.equal(await note.isVisible(), true);
    assert.match(await note.innerText(), /Connect reaches login\.microsoftonline\.com.*form only/s);
    assert.equal(await page.getByLabel('Client authentication').isDisabled(), true);

    // Another preset, without fields of its own: only the credentials.
    await picker.selectOption('spotify');
    await page.locator('#session-status[data-kind=ready]').filter({ hasText: '(spotify)' }).waitFor();
    assert.equal(await live.getByLabel('Directory (tenant) ID').count(), 0);
    assert.match(await live.locator('[part=steps]').innerText(), /Spotify for Developers/);
    assert.match(await note.innerText(), /accounts\.spotify\.com/);

    // A sandbox row's "Fill in" goes back to the sandbox, which still clicks through outcomes.
    await page.locator('#credentials button[data-client-id="sandbox-ok"][data-secret="sandbox-secret"]').click();
    await page.locator('#session-status[data-kind=ready]').filter({ hasText: 'tenant sandbox' }).waitFor();
    assert.equal(await picker.inputValue(), '');
    assert.equal(await note.isHidden(), true);
    assert.match(await page.locator('#live [slot=instructions]').innerText(), /Sandbox Provider/);
    await page.waitForFunction(
      () =>
        document.querySelector('#live oauth-cc-connect').shadowRoot.querySelector('input[name=client_secret]')
          ?.value === 'sandbox-secret',
    );
    const popup = await clickConnect(page);
    assert.equal(await popupHeading(popup), 'Authorization Complete');
    await loggedEvent(page, 'oauth-cc-connected');
  });

  test('a Worker-held key made with a certificate: the element offers it under the JWKS URL, and it downloads', async () => {
    const tenant = 'e2e-certificates';
    const page = await demo();
    const live = liveElement(page);
    const keySession = (keyId) =>
      admin(stack, '/v1/sessions', {
        tenant,
        origin: stack.demo.url,
        tokenUrl: `${stack.worker.url}/sandbox/token`,
        authMethod: 'private_key_jwt',
        keyId,
      });

    // A key without a certificate: the element asks, the Worker has none, and nothing is offered.
    const plain = await admin(stack, '/v1/keys', { tenant });
    assert.equal(plain.status, 201);
    const plainUrl = `${stack.worker.url}/v1/certificates/${tenant}/${plain.body.kid}`;
    const asked = page.waitForEvent('requestfinished', (r) => r.url() === plainUrl).catch(() => null);
    const refused = page.waitForEvent('requestfailed', (r) => r.url() === plainUrl).catch(() => null);
    await useSession(page, (await keySession(plain.body.kid)).body.token);
    await Promise.race([asked, refused]);
    await live.locator('[part=jwks]').waitFor();
    assert.equal(await live.locator('[part=certificate]').count(), 0);

    const created = await admin(stack, '/v1/keys', { tenant, alg: 'PS256', certificate: true });
    assert.equal(created.status, 201);
    const { kid, certificate_pem: pem, certificate_url: url } = created.body;
    await useSession(page, (await keySession(kid)).body.token);
    const link = live.locator('[part=certificate]');
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), url);
    assert.equal(
      await link.innerText(),
      'Download the certificate, for consoles that ask for one instead (Microsoft Entra ID)',
    );
    assert.equal(await live.locator('[part=jwks]').innerText(), `${stack.worker.url}/v1/jwks/${tenant}`);
    const checks = requests.filter((r) => r.url === url);
    assert.deepEqual(
      checks.map((r) => r.method),
      ['HEAD'],
      'one look before offering it',
    );

    const download = page.waitForEvent('download');
    await link.click();
    const file = await download;
    assert.equal(file.suggestedFilename(), `oauth-cc-connect-${kid}.pem`);
    const chunks = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).toString('utf8').trim(), pem.trim());
    assert.equal(page.url().startsWith(stack.demo.url), true, 'the page stays where it was');
    assert.equal((await request(url)).text.trim(), pem.trim());
  });
});
