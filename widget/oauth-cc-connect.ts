import { html, LitElement, nothing } from 'lit';
import { readUnverifiedClaims, type DiscoveryAnswer, type ResultError } from '../protocol/index.js';
import { connectBody, readFields, type Fields } from './connect-request.js';
import { discover } from './discovery.js';
import { OAuthCcCancelledEvent, OAuthCcConnectedEvent, OAuthCcFailedEvent } from './events.js';
import { connectInline } from './inline-connect.js';
import { openPopup, postToPopup } from './popup.js';
import { failure, watchPopup, type Outcome } from './result-channel.js';
import { defaultStrings, type FieldName, type Strings } from './strings.js';
import { styles } from './styles.js';
import { TOKEN_URL, validate } from './validate.js';

export type Status = 'idle' | 'pending' | 'connected' | 'failed';

/**
 * A Connect form for the OAuth 2.0 Client Credentials grant (RFC 6749 §4.4): the person pastes
 * a Client ID and Secret, the element posts them to the Worker in a popup, and reports the
 * verified outcome. The secret never leaves a POST body: no URL, event, attribute or message.
 * A `private_key_jwt` session (RFC 7523) asks for a private key instead, handled like the
 * secret, or, when the Worker holds the key, for the client id alone and shows the JWKS URL to
 * register. The token URL field also takes an issuer URL (RFC 8414): when one is entered, the
 * element says whose token endpoint the Worker found and suggests the issuer's scopes.
 * Form-association is deliberately not used, so the secret never rides along in a host form.
 * Light and dark follow the reader's `prefers-color-scheme`; set `color-scheme` on the element
 * to force one.
 *
 * @fires oauth-cc-connected - The connection was made: `detail` is `{connectionId, scopes, expiresAt}`.
 * @fires oauth-cc-failed - The attempt failed: `detail` is `{code, message}`, `code` from protocol's list.
 * @fires oauth-cc-cancelled - The person closed the connection window before the Worker received the attempt.
 * @slot instructions - The host's help for finding the credentials (links, screenshots), shown above the form.
 * @csspart form - The form holding the fields and buttons.
 * @csspart field - One field: its label, input and messages.
 * @csspart label - A field's label; also the sentence above the JWKS URL.
 * @csspart input - A field's input.
 * @csspart toggle - The button that shows or hides the secret or the private key.
 * @csspart error - A field's validation message.
 * @csspart jwks - With a key the Worker holds: the public key set URL to register with the provider.
 * @csspart copy - The button that copies the JWKS URL.
 * @csspart button - The Connect button, and Connect without a pop-up when offered.
 * @csspart status - The live region announcing the outcome.
 * @csspart instructions - The slot holding the host's instructions.
 * @csspart heading - In a reconnect session: what the form updates ("Update the credentials for …").
 * @cssstate idle - Nothing under way; also after a cancelled attempt.
 * @cssstate pending - An attempt is under way.
 * @cssstate connected - The last attempt connected; style it with `oauth-cc-connect:state(connected)::part(status)`.
 * @cssstate failed - The last attempt failed.
 * @cssprop --oauth-cc-font - Font shorthand; inherits the page's font by default.
 * @cssprop --oauth-cc-color - Text colour (default CanvasText).
 * @cssprop --oauth-cc-background - Background (default Canvas).
 * @cssprop --oauth-cc-accent - Button and focus ring colour.
 * @cssprop --oauth-cc-accent-text - Text colour on the accent (default Canvas).
 * @cssprop --oauth-cc-error - Colour of validation messages and failures.
 * @cssprop --oauth-cc-radius - Corner radius of inputs and buttons (default 6px).
 * @cssprop --oauth-cc-spacing - Space between the instructions, fields and buttons (default 0.75rem).
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

  /** The short-lived session token the host's backend got from `POST /v1/sessions`. */
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
   * Every user-visible string. Replace the whole object, starting from `defaultStrings`:
   * `el.strings = {...defaultStrings, connect: 'Verbinden'}`. `errors` rewords any outcome code.
   */
  strings: Strings = defaultStrings;

  /**
   * Milliseconds between looks at the popup and, once it has closed, at the Worker. A test hook.
   * @internal
   */
  pollInterval = 1000;

  /** Where the current attempt stands, also exposed as `:state(idle|pending|connected|failed)`. */
  get status(): Status {
    return this.#status;
  }

  #status: Status = 'idle';
  /** The last attempt's failure, or its cancellation; cleared when an attempt begins. */
  #outcome?: ResultError;
  /** Validation messages, keyed by field name. */
  #errors: Fields = {};
  #secretShown = false;
  #copied = false;
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

  protected override updated(): void {
    this.#internals.states.clear();
    this.#internals.states.add(this.#status);
  }

  // Everything up to the form post runs synchronously: a popup opened after an `await` is blocked.
  #handleSubmit(event: Event): void {
    event.preventDefault();
    if (this.#status === 'pending') return this.#popup?.focus();
    const body = this.#prepare();
    if (!body) return;
    const { state } = body;
    // Prefixed: window names starting with `_` are reserved, and base64url may start with one.
    const name = `oauth-cc-${state}`;
    const popup = openPopup(name);
    const signal = this.#begin(popup);
    if (!popup) return this.#finish(failure('popup_blocked'));
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

  get #form(): HTMLFormElement {
    return this.renderRoot.querySelector('form')!;
  }

  /** Moves to `status` and renders; `:state()` follows in `updated()`. */
  #set(status: Status): void {
    this.#status = status;
    this.requestUpdate();
  }

  /** Validates the form and builds the request body, or marks the invalid fields and focuses the first. */
  #prepare(): Fields | undefined {
    const fields = readFields(this.#form);
    const invalid = Object.keys((this.#errors = validate(fields, this.strings)))[0];
    this.requestUpdate();
    if (!invalid) return connectBody(fields, this.sessionToken, this.closeAfter);
    this.updateComplete.then(() => (this.#form.elements.namedItem(invalid) as HTMLElement).focus());
  }

  #begin(popup: Window | null): AbortSignal {
    const { signal } = (this.#attempt = new AbortController());
    const timer = setTimeout(() => {
      this.#stop();
      this.#finish(failure('timeout'));
    }, this.timeout * 1000);
    signal.addEventListener('abort', () => clearTimeout(timer));
    this.#popup = popup;
    this.#outcome = undefined;
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
      const { code } = error;
      this.#outcome = { code, message: this.strings.errors[code] || error.message };
      this.#set(code === 'cancelled' ? 'idle' : 'failed');
      this.dispatchEvent(code === 'cancelled' ? new OAuthCcCancelledEvent() : new OAuthCcFailedEvent(this.#outcome));
    } else {
      this.#set('connected');
      // The connection is stored; the secret or key has no further use in this page.
      for (const input of this.renderRoot.querySelectorAll<HTMLInputElement>('#client_secret,#private_key'))
        input.value = '';
      this.dispatchEvent(new OAuthCcConnectedEvent({ connectionId: connectionId!, scopes, expiresAt }));
    }
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part=button]')!.focus());
  }

  protected override render() {
    return html`<slot name="instructions" part="instructions"></slot>
      <form part="form" @submit=${this.#handleSubmit} @change=${this.#handleChange}>
        ${this.#renderFields()} ${this.#renderActions()} ${this.#renderStatus()}
      </form>`;
  }

  // Locked fields are not rendered at all: the Worker applies the session's values for them. A
  // reconnect session (it updates a stored connection in place) says which one it updates. The
  // token URL field takes an issuer too (RFC 8414): the Worker discovers its token endpoint.
  #renderFields() {
    const claims = readUnverifiedClaims(this.sessionToken);
    const locked = claims?.locked ?? [];
    const url = claims?.tokenUrl ?? claims?.issuer;
    return [
      claims?.connectionId
        ? html`<p part="heading">${this.strings.update.replace('{host}', new URL(url!).host)}</p>`
        : '',
      this.#renderField('client_id', this.clientId || claims?.clientId),
      // private_key_jwt (RFC 7523 §2.2): a pasted key takes the secret's place; a key the Worker
      // holds needs only the provider to know where its public key is published. A tenant id's
      // characters (letters, digits, `._:@-`) need no escaping in a URL path.
      claims?.authMethod !== 'private_key_jwt'
        ? this.#renderField('client_secret')
        : claims.keyId
          ? this.#renderJwks(`${this.endpoint}/v1/jwks/${claims.tenant}`)
          : [this.#renderField('private_key'), this.#renderField('key_id')],
      locked.includes('tokenUrl') || locked.includes('issuer')
        ? ''
        : this.#renderField('token_url', this.tokenUrl || url),
      locked.includes('scopes')
        ? ''
        : [
            this.#renderField('scope', this.scopes || claims?.scopes?.join(' ')),
            // An option's value is its text (HTML §4.10.10).
            html`<datalist id="scopes">${this.#found?.scopes_supported?.map((scope) => html`<option>${scope}</option>`)}</datalist>`,
          ],
      locked.includes('params') ? '' : [this.#renderField('audience'), this.#renderField('resource')],
    ];
  }

  #renderField(name: FieldName, value = '') {
    const error = this.#errors[name];
    const secret = name === 'client_secret' || name === 'private_key';
    return html`<div part="field">
      <label part="label" for=${name}>${this.strings[name]}</label>
      <span>
        <input
          part="input"
          id=${name}
          name=${name}
          type=${secret && !this.#secretShown ? 'password' : 'text'}
          .value=${value}
          autocomplete="off"
          spellcheck="false"
          aria-invalid=${!!error}
          aria-describedby=${error ? `${name}-error` : nothing}
          list=${name === 'scope' ? 'scopes' : nothing}
        />
        ${
          secret
            ? html`<button part="toggle" type="button" @click=${this.#handleToggle}>
              ${this.#secretShown ? this.strings.hide : this.strings.show}
            </button>`
            : ''
        }
      </span>
      ${error ? html`<small part="error" id="${name}-error">${error}</small>` : ''}
    </div>`;
  }

  // The button's own text turns to "Copied", announced as a polite live region.
  #renderJwks(url: string) {
    return html`<div part="field">
      <span part="label">${this.strings.jwks}</span>
      <span>
        <code part="jwks">${url}</code>
        <button part="copy" type="button" aria-live="polite" @click=${() => this.#handleCopy(url)}>
          ${this.#copied ? this.strings.copied : this.strings.copy}
        </button>
      </span>
    </div>`;
  }

  #renderActions() {
    return html`<span>
      <button part="button" aria-disabled=${this.#status === 'pending'}>${this.strings.connect}</button>
      ${
        this.#outcome?.code === 'popup_blocked'
          ? html`<button part="button" type="button" @click=${this.#handleInline}>${this.strings.connectInline}</button>`
          : ''
      }
    </span>`;
  }

  // While pending or connected the status speaks; otherwise the outcome's message does (failed,
  // cancelled), and nothing before the first attempt.
  #renderStatus() {
    const status = this.#status;
    const found = this.#found && this.strings.found.replace('{issuer}', this.#found.issuer);
    const message =
      status === 'pending' || status === 'connected' ? this.strings[status] : (this.#outcome?.message ?? found);
    return html`<output part="status" role="status">${message}</output>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'oauth-cc-connect': OAuthCcConnect;
  }
}
