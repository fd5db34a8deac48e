import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { DiscoveryAnswer, ErrorCode, ProfileField, ResultError, SessionClaims } from '../protocol/index.js';
import { connectBody, readFields, type Fields } from './connect-request.js';
import { discover } from './discovery.js';
import { OAuthCcCancelledEvent, OAuthCcConnectedEvent, OAuthCcFailedEvent } from './events.js';
import { connectInline } from './inline-connect.js';
import { openPopup, postToPopup } from './popup.js';
import { failure, watchPopup, type Outcome } from './result-channel.js';
import { readSession } from './session.js';
import { defaultStrings, type Strings } from './strings.js';
import { styles } from './styles.js';
import { TOKEN_URL, validate } from './validate.js';

export type Status = 'idle' | 'pending' | 'blocked' | 'connected' | 'failed';

/** What a field needs besides its name: a profile field's members, or a built-in field's. */
type FieldSpec = Partial<Omit<ProfileField, 'name'>> & { value?: string; optional?: boolean };
type Label =
  | 'client_id'
  | 'client_secret'
  | 'private_key'
  | 'key_id'
  | 'certificate'
  | 'token_url'
  | 'scope'
  | 'audience'
  | 'resource';

// Stroked 24×24 paths (their stroke is set in styles.ts). One circle serves three icons; the
// "i" of a notice is its "!" turned over.
const CIRCLE = 'M22 12a10 10 0 1 1-20 0 10 10 0 0 1 20 0';
const ALERT = `${CIRCLE}M12 7v6m0 4v.01`;
const CHECK = `${CIRCLE}M8 12l3 3 5-6`;
const EYE = 'M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12m10-3a3 3 0 1 0 0 6 3 3 0 0 0 0-6';
const icon = (path: string) =>
  html`<svg part="icon" viewBox="0 0 24 24" aria-hidden="true"><path d=${path}></path></svg>`;

/**
 * The field an outcome blames, by code, when the element shows it: the first of the names it
 * renders, one holding a value first (RFC 6749 §5.2; `invalid_target` is RFC 8707 §2). A
 * rejected client is its secret, or what stands in for it. `invalid_request` blames the field
 * the Worker's message names, if any.
 */
const FAULTS: Partial<Record<ErrorCode, string>> = {
  invalid_client: 'client_secret private_key client_id',
  unauthorized_client: 'client_id',
  invalid_scope: 'scope',
  invalid_target: 'audience resource',
  token_url_not_allowed: 'token_url',
  discovery_failed: 'token_url',
  unsupported_grant_type: 'token_url',
  invalid_response: 'token_url',
};

/** The host of a URL, or '' for none or a template (`https://{subdomain}.example.com`). */
const hostOf = (url = '') => (URL.canParse(url) ? new URL(url).host : '');

/**
 * A Connect form for the OAuth 2.0 Client Credentials grant (RFC 6749 §4.4): the person pastes
 * a Client ID and Secret, the element posts them to the Worker in a popup, and reports the
 * verified outcome. The secret never leaves a POST body: no URL, event, attribute or message.
 * The fields a connection needs come first; the optional ones (scopes, audience, resource) wait
 * under an "Advanced" disclosure, open when one of them holds a value or is at fault. A
 * provider profile's fields (the session's `fields`) follow the credentials, each with its hint;
 * a preset's instructions and documentation link show when the host slots no instructions.
 * A `private_key_jwt` session (RFC 7523) asks for a private key instead, handled like the
 * secret, and optionally its X.509 certificate (for providers that find the key by the
 * certificate's thumbprint, as Microsoft Entra ID does); or, when the Worker holds the key, for
 * the client id alone, showing the JWKS URL to register and, when the key has a certificate, a
 * link to download it for the consoles that take a certificate instead of a JWKS URL. The token
 * URL field also takes an issuer URL (RFC 8414): when one is entered, the element says whose
 * token endpoint the Worker found and suggests the issuer's scopes.
 * Form-association is deliberately not used, so the secret never rides along in a host form.
 * Light unless the page asks otherwise: the element follows the page's `color-scheme` (a
 * `<meta name="color-scheme">` or the property on any ancestor); set `color-scheme: dark` or
 * `light dark` on the element itself to choose for it alone.
 *
 * @fires oauth-cc-connected - The connection was made: `detail` is `{connectionId, scopes, expiresAt}`.
 * @fires oauth-cc-failed - The attempt failed: `detail` is `{code, message}`, `code` from protocol's list.
 * @fires oauth-cc-cancelled - The person closed the connection window before the Worker received the attempt.
 * @slot instructions - The host's help for finding the credentials (links, screenshots), shown above the form. Without it, a preset session shows the preset's steps.
 * @csspart form - The form holding the fields and buttons.
 * @csspart field - One field: its label, input and messages.
 * @csspart label - A field's label; also the sentence above the JWKS URL.
 * @csspart optional - The word "Optional" beside an optional field's label.
 * @csspart input - A field's input, or its select when a provider field offers a closed list.
 * @csspart hint - A provider field's hint, under its input.
 * @csspart toggle - The icon button inside the secret (or private key) field that shows or hides it.
 * @csspart error - A field's validation message.
 * @csspart advanced - The "Advanced" disclosure (a `<details>`) holding the optional fields.
 * @csspart jwks - With a key the Worker holds: the public key set URL to register with the provider.
 * @csspart copy - The button that copies the JWKS URL.
 * @csspart certificate - With a key the Worker holds that has a certificate: the link under the JWKS URL that downloads it (PEM), for consoles that take a certificate instead (Microsoft Entra ID).
 * @csspart button - The Connect button, and Connect without a pop-up when offered.
 * @csspart reset - Connected: the "Use different credentials" button.
 * @csspart notice - The block around the status: success, failure, a blocked pop-up, a note.
 * @csspart icon - An icon: the notice's, the reveal button's, the disclosure's chevron.
 * @csspart status - The live region announcing the outcome.
 * @csspart detail - Connected: the client id and the token URL's host under the confirmation.
 * @csspart instructions - The slot holding the host's instructions.
 * @csspart preset - A preset session without slotted instructions: the box with its steps and link.
 * @csspart steps - The preset's steps, a numbered list.
 * @csspart docs - The link to the preset's documentation.
 * @csspart heading - In a reconnect session: what the form updates ("Update the credentials for …").
 * @cssstate idle - Nothing under way; also after a cancelled attempt.
 * @cssstate pending - An attempt is under way; the fields are inert.
 * @cssstate blocked - The browser blocked the pop-up; the element offers to connect without one.
 * @cssstate connected - The last attempt connected: a confirmation replaces the form.
 * @cssstate failed - The last attempt failed.
 * @cssprop --oauth-cc-font - Font shorthand (default `0.9375rem/1.5 system-ui, sans-serif`).
 * @cssprop --oauth-cc-color - Text colour.
 * @cssprop --oauth-cc-background - Background, of the element and of its inputs (default Canvas).
 * @cssprop --oauth-cc-accent - Primary button, link and focus ring colour.
 * @cssprop --oauth-cc-accent-text - Text colour on the accent.
 * @cssprop --oauth-cc-muted - Colour of hints, the "Optional" word and the disclosure.
 * @cssprop --oauth-cc-border - Border colour of inputs and secondary buttons.
 * @cssprop --oauth-cc-error - Colour of failures and validation messages.
 * @cssprop --oauth-cc-success - Colour of the connected confirmation's icon.
 * @cssprop --oauth-cc-radius - Corner radius of inputs, buttons and notices (default 6px).
 * @cssprop --oauth-cc-spacing - Space between the instructions, fields and buttons (default 20px).
 */
export class OAuthCcConnect extends LitElement {
  static override styles = styles;

  // Declared here rather than with decorators: the decorators module and its helper would cost
  // about 430 bytes gzipped of the bundle budget. Only the configuration is listed: the element's
  // own state lives in private fields, and whatever changes them calls `requestUpdate()`.
  static override properties = {
    endpoint: {},
    sessionToken: { attribute: 'session-token' },
    closeAfter: { attribute: 'close-after', type: Number },
    timeout: { type: Number },
    clientId: { attribute: 'client-id' },
    tokenUrl: { attribute: 'token-url' },
    scopes: {},
    strings: { attribute: false },
  };

  /** Base URL of the Worker, e.g. `https://connect.example.com`. */
  endpoint = '';

  /** The short-lived session token the host's backend got from `POST /v1/sessions`. A new one starts over: the form again, nothing of the last attempt. */
  sessionToken = '';

  /** Seconds after the outcome before the popup closes itself; `0` at once; absent, it stays open. */
  closeAfter?: number;

  /** Seconds before an unfinished attempt is stopped and reported as `timeout`. */
  timeout = 120;

  /** Initial Client ID. */
  clientId?: string;

  /** Initial issuer or token URL, when the session locks neither (else the session's preset). */
  tokenUrl?: string;

  /** Initial scopes, space-separated, when the session does not lock them (else the session's preset). */
  scopes?: string;

  /**
   * User-visible strings: a locale (`el.strings = de`) or a few of them
   * (`{connect: 'Verbinden'}`); any string left out, or `undefined` altogether, is the default
   * one. `errors` rewords any outcome code.
   */
  strings?: Partial<Strings> = defaultStrings;

  /**
   * Milliseconds between looks at the popup and, once it has closed, at the Worker. A test hook.
   * @internal
   */
  pollInterval = 1000;

  /** Where the current attempt stands, also exposed as `:state(idle|pending|blocked|connected|failed)`. */
  get status(): Status {
    return this.#status;
  }

  #status: Status = 'idle';
  /** `strings` over the defaults, key by key. */
  #s: Strings = defaultStrings;
  /** The session's claims: undefined without a token, null when it cannot be read. */
  #claims?: SessionClaims | null;
  /** The last attempt's failure, or its cancellation; cleared when an attempt begins. */
  #outcome?: ResultError;
  /** The field the last failure blames, marked invalid. */
  #fault?: string;
  /** Validation messages, keyed by field name. */
  #errors: Fields = {};
  /** What the confirmation names: the attempt's client id and token URL (it shows the host). */
  #sent: string[] = [];
  #secretShown = false;
  #copied = false;
  /** The certificate URL of the session's Worker-held key last asked about; the last one found. */
  #asked?: string;
  #certificate?: string;
  /** What `POST /v1/discover` found for the token URL field's issuer, if anything. */
  #found?: DiscoveryAnswer;
  #internals = this.attachInternals();
  #attempt?: AbortController;
  #popup?: Window | null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#status === 'pending') {
      this.#stop();
      this.#set('idle');
    }
  }

  // The strings over the defaults, the session's claims checked; and a new session is a new
  // start, unless an attempt is under way: its outcome still counts.
  protected override willUpdate(changed: PropertyValues<this>): void {
    const { strings } = this;
    this.#s = { ...defaultStrings, ...strings, errors: { ...defaultStrings.errors, ...strings?.errors } };
    const claims = (this.#claims = readSession(this.sessionToken));
    if (changed.has('sessionToken') && this.hasUpdated && this.#status !== 'pending') this.#reset();
    // A Worker-held key may have a certificate; the session does not say, so the element asks
    // (HEAD, public like the JWKS) and links only to one that exists: a link to a 404 would be a
    // dead end for the person. One request per key; an answer about another key shows nothing.
    const url = claims?.keyId && `${this.endpoint}/v1/certificates/${claims.tenant}/${claims.keyId}`;
    if (url && url !== this.#asked)
      fetch((this.#asked = url), { method: 'HEAD' }).then(
        ({ ok }) => ok && ((this.#certificate = url), this.requestUpdate()),
        Boolean,
      );
  }

  protected override updated(): void {
    this.#internals.states.clear();
    this.#internals.states.add(this.#status);
  }

  // Everything up to the form post runs synchronously: a popup opened after an `await` is blocked.
  // A blocked popup is no outcome: the person has a choice to make first.
  #handleSubmit(event: Event): void {
    event.preventDefault();
    if (this.#status === 'pending') return this.#popup?.focus();
    const body = this.#prepare();
    if (!body) return;
    const { state } = body;
    // Prefixed: window names starting with `_` are reserved, and base64url may start with one.
    const name = `oauth-cc-${state}`;
    const popup = openPopup(name);
    if (!popup) {
      this.#set('blocked');
      return this.#focus();
    }
    const signal = this.#begin(popup);
    postToPopup(this.renderRoot, `${this.endpoint}/v1/connect`, body, name);
    watchPopup(popup, this.endpoint, this.sessionToken, state, this.pollInterval, signal).then((result) =>
      this.#finish(result, signal),
    );
  }

  #handleInline(): void {
    const body = this.#prepare();
    if (!body) return;
    const signal = this.#begin(null);
    connectInline(this.endpoint, body, signal).then((result) => this.#finish(result, signal));
  }

  // Discovery, on `change` (blur, Enter) rather than on every keystroke. An answer counts only
  // while the field still holds the value it was asked for: a late one for an older value is
  // dropped. A failure shows nothing: see `discover`.
  async #handleChange({ target }: Event): Promise<void> {
    const field = target as HTMLInputElement;
    const issuer = field.value.trim();
    if (field.name !== 'token_url') return;
    const found = TOKEN_URL.test(issuer) ? await discover(this.endpoint, this.sessionToken, issuer) : undefined;
    if (field.value.trim() !== issuer) return;
    this.#found = found;
    this.requestUpdate();
  }

  // Editing a field the last check or outcome marked takes the mark off it.
  #handleInput({ target }: Event): void {
    const { name } = target as HTMLInputElement;
    if (this.#fault === name) this.#fault = undefined;
    delete this.#errors[name];
    this.requestUpdate();
  }

  #handleCopy(url: string): void {
    navigator.clipboard.writeText(url).then(() => {
      this.#copied = true;
      this.requestUpdate();
    });
  }

  #handleToggle(): void {
    this.#secretShown = !this.#secretShown;
    this.requestUpdate();
  }

  #handleReset(): void {
    this.#reset();
    this.#focus('client_id');
  }

  get #form(): HTMLFormElement {
    return this.renderRoot.querySelector('form')!;
  }

  /** Moves to `status` and renders; `:state()` follows in `updated()`. */
  #set(status: Status): void {
    this.#status = status;
    this.requestUpdate();
  }

  /** Back to the form, with nothing of the last attempt. */
  #reset(): void {
    this.#outcome = this.#fault = this.#found = undefined;
    this.#errors = {};
    this.#secretShown = this.#copied = false;
    this.#set('idle');
  }

  /**
   * Once rendered, focuses the field `name`, opening the disclosure it may be in, or else the
   * first button: Connect (without a pop-up, when offered) or Use different credentials.
   */
  #focus(name?: string): void {
    this.updateComplete.then(() => {
      const field = name ? (this.#form.elements.namedItem(name) as HTMLElement | null) : null;
      field?.closest('details')?.setAttribute('open', '');
      (field || this.renderRoot.querySelector<HTMLElement>('[part=button],[part=reset]'))!.focus();
    });
  }

  /** Validates the form and builds the request body, or marks the invalid fields and focuses the first. */
  #prepare(): Fields | undefined {
    const fields = readFields(this.#form);
    const invalid = Object.keys((this.#errors = validate(this.#form, this.#s)))[0];
    this.requestUpdate();
    this.#sent = [fields.client_id!, fields.token_url ?? this.#claims?.tokenUrl ?? this.#claims?.issuer ?? ''];
    if (!invalid) return connectBody(fields, this.sessionToken, this.closeAfter);
    this.#focus(invalid);
  }

  #begin(popup: Window | null): AbortSignal {
    const { signal } = (this.#attempt = new AbortController());
    const timer = setTimeout(() => {
      this.#stop();
      this.#finish(failure('timeout'));
    }, this.timeout * 1000);
    signal.addEventListener('abort', () => clearTimeout(timer));
    this.#popup = popup;
    this.#outcome = this.#fault = undefined;
    this.#set('pending');
    return signal;
  }

  /** Ends the attempt from our side: listener, timers and requests go, and so does the popup. */
  #stop(): void {
    this.#attempt?.abort();
    this.#popup?.close();
  }

  /** Reports an outcome, unless `signal` says its attempt already ended (timed out, disconnected). */
  #finish({ connectionId, scopes = [], expiresAt, error }: Outcome, signal?: AbortSignal): void {
    if (signal?.aborted) return;
    this.#attempt?.abort();
    if (error) {
      const { code, message } = error;
      this.#outcome = { code, message: this.#s.errors[code] || message };
      this.#fault = this.#blame(code, message);
      this.#set(code === 'cancelled' ? 'idle' : 'failed');
      this.dispatchEvent(code === 'cancelled' ? new OAuthCcCancelledEvent() : new OAuthCcFailedEvent(this.#outcome));
    } else {
      this.#set('connected');
      this.dispatchEvent(new OAuthCcConnectedEvent({ connectionId: connectionId!, scopes, expiresAt }));
    }
    this.#focus(this.#fault);
  }

  /** The field a failure blames (see FAULTS), among those the form shows. */
  #blame(code: ErrorCode, message: string): string | undefined {
    const { elements } = this.#form;
    // The Worker names a field it refuses first in its message's detail: "<advice> (tenant must
    // be …)" (worker/connect/connect-form.ts and templates.ts, through protocol's describeError).
    const names = code === 'invalid_request' ? message.match(/(?<=\()\w+/g) : FAULTS[code]?.split(' ');
    const shown = (names ?? [])
      .map((name) => elements.namedItem(name) as HTMLInputElement | null)
      .filter((field) => field);
    return (shown.find((field) => field!.value) ?? shown[0])?.name;
  }

  protected override render() {
    const connected = this.#status === 'connected';
    return html`<slot name="instructions" part="instructions">${connected ? '' : this.#renderPreset()}</slot>
      ${this.#renderHeading()}
      <form part="form" novalidate @submit=${this.#handleSubmit} @change=${this.#handleChange} @input=${this.#handleInput}>
        ${connected ? '' : html`<div class="fields" ?inert=${this.#status === 'pending'}>${this.#renderFields()}</div>`}
        ${this.#renderStatus()}${this.#renderActions()}
      </form>`;
  }

  // A preset's steps, one a line, as a numbered list (its own words, as text), and its docs.
  #renderPreset() {
    const provider = this.#claims?.provider;
    return provider
      ? html`<div part="preset" class="info">
          ${icon(ALERT)}
          <div>
          <ol part="steps">
            ${provider.instructions
              .split('\n')
              .filter((step) => step.trim())
              .map((step) => html`<li>${step}</li>`)}
          </ol>
          <a part="docs" href=${provider.docs} target="_blank" rel="noopener">${this.#s.docs.replace('{provider}', provider.name)}</a>
          </div>
        </div>`
      : '';
  }

  // A reconnect session (it updates a stored connection in place) says which one it updates.
  #renderHeading() {
    const claims = this.#claims;
    const host = hostOf(claims?.tokenUrl ?? claims?.issuer);
    return claims?.connectionId && host ? html`<p part="heading">${this.#s.update.replace('{host}', host)}</p>` : '';
  }

  // Locked fields are not rendered at all: the Worker applies the session's values for them.
  // The token URL field takes an issuer too (RFC 8414): the Worker discovers its token endpoint.
  #renderFields() {
    const claims = this.#claims;
    const locked = claims?.locked ?? [];
    const s = this.#s;
    const scopes = !locked.includes('scopes') && (this.scopes || claims?.scopes?.join(' ') || '');
    const params = !locked.includes('params');
    return [
      this.#renderField('client_id', { value: this.clientId || claims?.clientId }),
      // private_key_jwt (RFC 7523 §2.2): a pasted key takes the secret's place; a key the Worker
      // holds needs only the provider to know where its public key is published. A tenant id's
      // characters (letters, digits, `._:@-`) need no escaping in a URL path.
      claims?.authMethod !== 'private_key_jwt'
        ? this.#renderField('client_secret')
        : claims.keyId
          ? this.#renderJwks(`${this.endpoint}/v1/jwks/${claims.tenant}`)
          : [
              this.#renderField('private_key'),
              this.#renderField('key_id', { optional: true }),
              // Its certificate, for providers that find the key by its thumbprint (Entra ID).
              this.#renderField('certificate', { optional: true }),
            ],
      claims?.fields?.map(({ name, ...field }) => this.#renderField(name, field)),
      locked.includes('tokenUrl') || locked.includes('issuer')
        ? ''
        : this.#renderField('token_url', { value: this.tokenUrl || claims?.tokenUrl || claims?.issuer }),
      scopes === false && !params
        ? ''
        : html`<details part="advanced" ?open=${!!scopes}>
            <summary>${s.advanced}${icon('m6 9 6 6 6-6')}</summary>
            <div class="fields">
              ${
                scopes === false
                  ? ''
                  : [
                      this.#renderField('scope', { value: scopes, optional: true }),
                      // An option's value is its text (HTML §4.10.10).
                      html`<datalist id="scopes">${this.#found?.scopes_supported?.map((scope) => html`<option>${scope}</option>`)}</datalist>`,
                    ]
              }${
                params
                  ? [
                      this.#renderField('audience', { optional: true }),
                      this.#renderField('resource', { optional: true }),
                    ]
                  : ''
              }
            </div>
          </details>`,
    ];
  }

  // One field of any kind: the label (with "Optional" beside it when it is), the input (or a
  // select for a closed list), the hint, then the message; the input is described by the hint,
  // the message, and the notice when the last outcome blames it.
  #renderField(
    name: string,
    { value = '', optional, label = this.#s[name as Label], hint, placeholder, pattern, options }: FieldSpec = {},
  ) {
    const error = this.#errors[name];
    const fault = this.#fault === name;
    const secret = name === 'client_secret' || name === 'private_key';
    const invalid = !!error || fault;
    const described = [hint && `${name}-hint`, error && `${name}-error`, fault && 'status'].filter(Boolean).join(' ');
    return html`<div part="field">
      <div class="row">
        <label part="label" for=${name}>${label}</label>
        ${optional ? html`<small part="optional">${this.#s.optional}</small>` : ''}
      </div>
      <div class=${secret ? 'secret' : ''}>
        ${
          options
            ? html`<select part="input" id=${name} name=${name} required aria-invalid=${invalid} aria-describedby=${described || nothing}>
              <option value="">${placeholder ?? this.#s.choose}</option>
              ${options.map((option) => html`<option value=${option.value}>${option.label}</option>`)}
            </select>`
            : html`<input
              part="input"
              id=${name}
              name=${name}
              type=${secret && !this.#secretShown ? 'password' : 'text'}
              .value=${value}
              placeholder=${placeholder ?? nothing}
              pattern=${pattern ?? nothing}
              ?required=${!optional}
              autocomplete="off"
              spellcheck="false"
              aria-invalid=${invalid}
              aria-describedby=${described || nothing}
              list=${name === 'scope' ? 'scopes' : nothing}
            >`
        }${
          secret
            ? html`<button
              part="toggle"
              type="button"
              aria-label=${this.#s.show}
              title=${this.#secretShown ? this.#s.hide : this.#s.show}
              aria-pressed=${this.#secretShown}
              @click=${this.#handleToggle}
            >
              ${icon(this.#secretShown ? `${EYE}M3 3l18 18` : EYE)}
            </button>`
            : ''
        }
      </div>
      ${hint ? html`<small part="hint" id="${name}-hint">${hint}</small>` : ''}${
        error ? html`<small part="error" id="${name}-error">${error}</small>` : ''
      }
    </div>`;
  }

  // The button's own text turns to "Copied", announced as a polite live region. The key's
  // certificate, when it has one (checked in willUpdate), downloads (Content-Disposition) for
  // the consoles that take no JWKS URL.
  #renderJwks(url: string) {
    const s = this.#s;
    const certificate = this.#certificate;
    return html`<div part="field">
      <span part="label">${s.jwks}</span>
      <div class="row">
        <code part="jwks">${url}</code>
        <button part="copy" class="secondary" type="button" aria-live="polite" @click=${() => this.#handleCopy(url)}>
          ${this.#copied ? s.copied : s.copy}
        </button>
      </div>
      ${certificate === this.#asked ? html`<a part="certificate" href=${certificate}>${s.download}</a>` : ''}
    </div>`;
  }

  // Pending: a spinner and "Connecting…" in Connect, which stays focusable (it brings the popup
  // forward) while the fields are inert. Blocked: connecting without a pop-up comes first.
  #renderActions() {
    const status = this.#status;
    const s = this.#s;
    if (status === 'connected')
      return html`<button part="reset" class="secondary" type="button" @click=${this.#handleReset}>${s.reset}</button>`;
    const blocked = status === 'blocked';
    return html`<div class="actions">
      ${blocked ? html`<button part="button" type="button" @click=${this.#handleInline}>${s.connectInline}</button>` : ''}
      <button part="button" class=${blocked ? 'secondary' : ''} aria-disabled=${status === 'pending'}>
        ${status === 'pending' ? [html`<span class="spinner"></span>`, s.pending] : s.connect}
      </button>
    </div>`;
  }

  // One live region for every state, so each change is announced: the outcome, the blocked
  // popup, a malformed session, what discovery found; while pending it speaks unseen (the
  // button shows it). Connected, the confirmation names the client and where it connected.
  #renderStatus() {
    const status = this.#status;
    const s = this.#s;
    const found = this.#found && s.found.replace('{issuer}', this.#found.issuer);
    const outcome = this.#outcome?.message;
    const [message, kind] =
      status === 'connected'
        ? [s.connected, 'ok']
        : status === 'pending'
          ? [s.pending, '']
          : status === 'blocked'
            ? [s.errors.popup_blocked, 'warn']
            : outcome
              ? [outcome, status === 'failed' ? 'error' : 'info']
              : this.#claims === null
                ? [s.errors.session_invalid, 'error']
                : found
                  ? [found, 'info']
                  : ['', ''];
    const [client, url] = this.#sent;
    const host = hostOf(url) || this.#claims?.provider?.name;
    return html`<div part="notice" class=${kind}>
      ${kind ? icon(kind === 'ok' ? CHECK : ALERT) : ''}
      <div>
        <output part="status" id="status" role="status">${message}</output>
        ${
          status === 'connected'
            ? html`<small part="detail"><code>${client}</code>${host ? ` · ${host}` : ''}</small>`
            : ''
        }
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'oauth-cc-connect': OAuthCcConnect;
  }
}
