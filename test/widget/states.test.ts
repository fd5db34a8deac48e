import { expect } from '@open-wc/testing';
import { describeError, RESULT_MESSAGE_TYPE, type ErrorCode, type SessionClaims } from '../../protocol/index.js';
import type { OAuthCcConnect } from '../../widget/index.js';
import {
  advanced,
  connectButton,
  connectElement,
  connectWithoutPopup,
  ENDPOINT,
  fakePopup,
  fill,
  fillValid,
  input,
  invalidFields,
  json,
  noticeKind,
  recordEvents,
  sessionToken,
  settled,
  shadow,
  statusText,
  stubBrowser,
  until,
} from './support.js';

const answer = (state: string, outcome: object) => ({ v: 1, type: RESULT_MESSAGE_TYPE, state, ...outcome });
const stateOf = (call: { init: RequestInit }) => new URLSearchParams(call.init.body as URLSearchParams).get('state')!;
const resetButton = (el: OAuthCcConnect) => shadow(el).querySelector<HTMLButtonElement>('[part=reset]');
const focused = (el: OAuthCcConnect) => shadow(el).activeElement as HTMLInputElement | null;

describe('<oauth-cc-connect> states at a glance', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser.restore());

  it('pending: a spinner and “Connecting…” in Connect, the fields inert, the button still there to bring the window forward', async () => {
    const popup = fakePopup();
    browser = stubBrowser(popup.win);
    const el = await connectElement();
    fillValid(el);
    connectButton(el).click();
    await el.updateComplete;
    const button = connectButton(el);
    expect(button.querySelector('.spinner')).to.exist;
    expect(button.textContent!.trim()).to.equal('Connecting…');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(input(el, 'client_id')!.closest('[inert]'), 'the fields are inert').to.exist;
    expect(button.closest('[inert]')).to.be.null;
    expect(noticeKind(el), 'the notice stays quiet: the button says it').to.equal('');
    expect(statusText(el), 'but the live region says it too').to.equal('Connecting…');
    button.click();
    expect(popup.calls.focus).to.equal(1);
    popup.closeByUser();
  });

  it('connected: a confirmation with a check, the client id and the token URL’s host, instead of the form', async () => {
    browser = stubBrowser(null, (call) => json(answer(stateOf(call), { status: 'connected', connectionId: 'c_1' })));
    const el = await connectElement();
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => el.status === 'connected');
    await settled(el);
    expect(shadow(el).querySelectorAll('input'), 'no live form under it').to.have.length(0);
    expect(connectButton(el)).to.be.null;
    expect(noticeKind(el)).to.equal('ok');
    expect(shadow(el).querySelector('[part=notice] > svg')).to.exist;
    expect(statusText(el)).to.equal('Connected.');
    expect(shadow(el).querySelector('[part=detail]')!.textContent).to.equal('client-123 · id.example.com');
    expect(resetButton(el)!.textContent!.trim()).to.equal('Use different credentials');
    expect(focused(el)).to.equal(resetButton(el));
    await expect(el).to.be.accessible();
  });

  it('connected in a session that locks the token URL: names the session’s host', async () => {
    const token = sessionToken({ tokenUrl: 'https://login.acme.example/oauth/token', locked: ['tokenUrl'] });
    browser = stubBrowser(null, (call) => json(answer(stateOf(call), { status: 'connected', connectionId: 'c_1' })));
    const el = await connectElement(token);
    fill(el, { client_id: 'acme-reports', client_secret: 's' });
    await connectWithoutPopup(el);
    await until(() => el.status === 'connected');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=detail]')!.textContent).to.equal('acme-reports · login.acme.example');
  });

  it('“Use different credentials” brings back an empty form, focused on its first field', async () => {
    browser = stubBrowser(null, (call) => json(answer(stateOf(call), { status: 'connected', connectionId: 'c_1' })));
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => el.status === 'connected');
    await el.updateComplete;
    resetButton(el)!.click();
    await settled(el);
    expect(el.status).to.equal('idle');
    expect(input(el, 'client_id')!.value).to.equal('');
    expect(input(el, 'client_secret')!.value).to.equal('');
    expect(statusText(el)).to.equal('');
    expect(focused(el)).to.equal(input(el, 'client_id'));
    expect(
      events.map((e) => e.type),
      'choosing again is no outcome',
    ).to.deep.equal(['oauth-cc-connected']);
  });

  it('failed: an alert with an icon and the advice, and the secret marked when the client is refused', async () => {
    const message = 'The provider rejected the Client ID or Client Secret.';
    browser = stubBrowser(null, (call) =>
      json(answer(stateOf(call), { status: 'failed', error: { code: 'invalid_client', message } }), 401),
    );
    const el = await connectElement();
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => el.status === 'failed');
    await settled(el);
    expect(noticeKind(el)).to.equal('error');
    expect(shadow(el).querySelector('[part=notice] > svg')).to.exist;
    expect(statusText(el)).to.equal(message);
    expect(invalidFields(el)).to.deep.equal(['client_secret']);
    const secret = input(el, 'client_secret')!;
    expect(shadow(el).getElementById(secret.getAttribute('aria-describedby')!)!.textContent).to.equal(message);
    expect(focused(el), 'the field to fix has the focus').to.equal(secret);
    await expect(el).to.be.accessible();

    fill(el, { client_secret: 'another' });
    await el.updateComplete;
    expect(invalidFields(el), 'editing the field takes the mark off').to.deep.equal([]);
    expect(statusText(el), 'the advice stays until the next attempt').to.equal(message);
  });

  describe('the field at fault, by code', () => {
    /** Fails an attempt of a session with `claims` with `code` and `message`; returns the marked fields. */
    async function blamed(code: ErrorCode, message: string, claims: Partial<SessionClaims> = {}, values = {}) {
      browser = stubBrowser(null, (call) =>
        json(answer(stateOf(call), { status: 'failed', error: { code, message } })),
      );
      const el = await connectElement(sessionToken(claims));
      const valid = { client_id: 'c', client_secret: 's', token_url: 'https://id.example.com/t', scope: 'read' };
      fill(el, Object.fromEntries(Object.entries(valid).filter(([name]) => input(el, name))));
      fill(el, values);
      await connectWithoutPopup(el);
      await until(() => el.status === 'failed');
      await settled(el);
      const marked = invalidFields(el);
      browser.restore();
      return { el, marked };
    }

    it('invalid_client: the secret; the private key in its place; the client id when the Worker holds the key', async () => {
      expect((await blamed('invalid_client', 'x')).marked).to.deep.equal(['client_secret']);
      const pasted = await blamed('invalid_client', 'x', { authMethod: 'private_key_jwt' }, { private_key: 'k' });
      expect(pasted.marked).to.deep.equal(['private_key']);
      const held = await blamed('invalid_client', 'x', { authMethod: 'private_key_jwt', keyId: 'k1' });
      expect(held.marked).to.deep.equal(['client_id']);
    });

    it('invalid_scope: the scopes, under Advanced, which opens to show it', async () => {
      const { el, marked } = await blamed('invalid_scope', 'x');
      expect(marked).to.deep.equal(['scope']);
      expect(advanced(el)!.open).to.be.true;
      expect(focused(el)).to.equal(input(el, 'scope'));
    });

    it('invalid_target: the audience or resource that holds a value', async () => {
      expect((await blamed('invalid_target', 'x', {}, { resource: 'https://api.example' })).marked).to.deep.equal([
        'resource',
      ]);
      expect((await blamed('invalid_target', 'x', {}, { audience: 'api' })).marked).to.deep.equal(['audience']);
    });

    it('token_url_not_allowed and discovery_failed: the token URL; none when the session locks it', async () => {
      expect((await blamed('token_url_not_allowed', 'x')).marked).to.deep.equal(['token_url']);
      expect((await blamed('discovery_failed', 'x')).marked).to.deep.equal(['token_url']);
      const locked = await blamed('token_url_not_allowed', 'x', {
        locked: ['tokenUrl'],
        tokenUrl: 'https://a.example',
      });
      expect(locked.marked).to.deep.equal([]);
      expect(noticeKind(locked.el)).to.equal('error');
    });

    it('invalid_request: the field the Worker’s message names, and none when it names none', async () => {
      const fields = [{ name: 'account_id', label: 'Account ID' }];
      const named = await blamed(
        'invalid_request',
        describeError('invalid_request', 'account_id (Account ID) does not have the expected form'),
        { fields },
        {
          account_id: 'abc',
        },
      );
      expect(named.marked).to.deep.equal(['account_id']);
      const generic = await blamed(
        'invalid_request',
        'The provider says the request is malformed. Check the audience or resource.',
        { fields },
        { account_id: 'abc' },
      );
      expect(generic.marked).to.deep.equal([]);
    });

    it('invalid_request: the field the Worker’s own refusal names in its detail, as it words them', async () => {
      // As the Worker words a refusal of its own: the code's advice, then "(<field> …)".
      const worker = (detail: string) => describeError('invalid_request', detail);
      const fields = [{ name: 'tenant', label: 'Directory (tenant) ID' }];
      const path = await blamed(
        'invalid_request',
        worker('tenant must be one path segment, without / ? # % or \\, and not . or ..'),
        { fields },
        { tenant: '../x' },
      );
      expect(path.marked).to.deep.equal(['tenant']);
      expect(focused(path.el)).to.equal(input(path.el, 'tenant'));
      const form = await blamed(
        'invalid_request',
        worker('tenant (Directory (tenant) ID) does not have the expected form'),
        { fields },
        { tenant: 'contoso' },
      );
      expect(form.marked).to.deep.equal(['tenant']);
      const certificate = await blamed(
        'invalid_request',
        worker('certificate must be private_key’s own: its public key is another key’s'),
        { authMethod: 'private_key_jwt' },
        { private_key: 'k', certificate: 'c' },
      );
      expect(certificate.marked).to.deep.equal(['certificate']);
      // A provider's own words in the detail name none of the form's fields.
      const upstream = await blamed('invalid_request', worker('AADSTS900144: grant_type is missing'));
      expect(upstream.marked).to.deep.equal([]);
    });

    it('provider_unavailable: no field', async () => {
      expect((await blamed('provider_unavailable', 'x')).marked).to.deep.equal([]);
    });
  });

  it('a cancelled attempt: back to idle, with a note rather than an alert', async () => {
    const popup = fakePopup();
    browser = stubBrowser(popup.win, () => json({ status: 'unknown' }, 404));
    const el = await connectElement();
    fillValid(el);
    connectButton(el).click();
    popup.closeByUser();
    await until(() => statusText(el) !== 'Connecting…' && el.status === 'idle');
    await el.updateComplete;
    expect(noticeKind(el)).to.equal('info');
    expect(invalidFields(el)).to.deep.equal([]);
  });
});

describe('<oauth-cc-connect> a new session starts over', () => {
  let browser: ReturnType<typeof stubBrowser>;
  afterEach(() => browser.restore());

  it('after a connection: the form again, empty, with nothing of the last attempt', async () => {
    browser = stubBrowser(null, (call) => json(answer(stateOf(call), { status: 'connected', connectionId: 'c_1' })));
    const el = await connectElement();
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => el.status === 'connected');
    el.sessionToken = sessionToken({ sid: 'sid-2' });
    await el.updateComplete;
    expect(el.status).to.equal('idle');
    expect(el.matches(':state(idle)')).to.be.true;
    expect(statusText(el), 'no stale “Connected.”').to.equal('');
    expect(input(el, 'client_secret')!.value).to.equal('');
    expect(connectButton(el).textContent!.trim()).to.equal('Connect');
  });

  it('after a failure or a blocked popup: no alert, no marks, no offer', async () => {
    browser = stubBrowser(null, (call) =>
      json(answer(stateOf(call), { status: 'failed', error: { code: 'invalid_client', message: 'No.' } })),
    );
    const el = await connectElement();
    fillValid(el);
    await connectWithoutPopup(el);
    await until(() => el.status === 'failed');
    el.sessionToken = sessionToken({ sid: 'sid-2' });
    await el.updateComplete;
    expect([el.status, statusText(el), noticeKind(el)]).to.deep.equal(['idle', '', '']);
    expect(invalidFields(el)).to.deep.equal([]);

    connectButton(el).click();
    await el.updateComplete;
    expect(el.status).to.equal('blocked');
    el.sessionToken = sessionToken({ sid: 'sid-3' });
    await el.updateComplete;
    expect(el.status).to.equal('idle');
    expect(shadow(el).querySelector('[part=button][type=button]')).to.be.null;
  });

  it('while an attempt is under way, it lets the attempt finish: its outcome still counts', async () => {
    const popup = fakePopup();
    browser = stubBrowser(popup.win);
    const el = await connectElement();
    const events = recordEvents(el);
    fillValid(el);
    connectButton(el).click();
    const { state } = browser.submissions[0]!.fields;
    el.sessionToken = sessionToken({ sid: 'sid-2' });
    await el.updateComplete;
    expect(el.status).to.equal('pending');
    window.dispatchEvent(
      new MessageEvent('message', {
        data: answer(state!, { status: 'connected', connectionId: 'c_9' }),
        origin: ENDPOINT,
        source: popup.win,
      }),
    );
    await until(() => events.length === 1);
    expect(el.status).to.equal('connected');
    popup.closeByUser();
  });
});
