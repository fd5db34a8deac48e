import type { AuthMethod, LockableField } from '../protocol/index.js';
import type { OAuthCcConnect } from '../widget/index.js';

export interface SessionSettings {
  authMethod: AuthMethod;
  locked: LockableField[];
}

export type SessionReport =
  | { kind: 'renewing' }
  | { kind: 'ready'; expiresAt: number; authMethod: AuthMethod }
  | { kind: 'error'; reason: string };

// Renewed this long before it expires, so a click never carries a stale session.
const RENEW_MARGIN_SECONDS = 30;

/**
 * Keeps the live element supplied with a sandbox session. The Worker's dev-only
 * `POST /sandbox/sessions` stands in for the host's backend (which would call `POST /v1/sessions`
 * with its admin key). A session connects once and allows a few attempts, so a new one is
 * minted after every outcome, and shortly before it expires.
 */
export class SandboxSession {
  settings: SessionSettings = { authMethod: 'client_secret_basic', locked: [] };
  private timer?: ReturnType<typeof setTimeout>;
  private generation = 0;

  constructor(
    private readonly element: OAuthCcConnect,
    private readonly endpoint: string,
    private readonly report: (report: SessionReport) => void,
  ) {
    for (const type of ['oauth-cc-connected', 'oauth-cc-failed', 'oauth-cc-cancelled']) {
      element.addEventListener(type, () => this.renew());
    }
  }

  async renew(): Promise<void> {
    clearTimeout(this.timer);
    // Only the newest request may set the token: settings can change while one is in flight.
    const generation = ++this.generation;
    this.report({ kind: 'renewing' });
    try {
      const response = await fetch(`${this.endpoint}/sandbox/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          origin: location.origin,
          tokenUrl: `${this.endpoint}/sandbox/token`,
          scopes: ['read'],
          authMethod: this.settings.authMethod,
          locked: this.settings.locked,
        }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.error_description ?? `the Worker answered HTTP ${response.status}`);
      if (generation !== this.generation) return;
      this.element.sessionToken = body.token;
      this.report({ kind: 'ready', expiresAt: body.expiresAt, authMethod: this.settings.authMethod });
      const delay = (body.expiresAt - RENEW_MARGIN_SECONDS) * 1000 - Date.now();
      this.timer = setTimeout(() => this.renew(), Math.max(delay, 5000));
    } catch (error) {
      if (generation !== this.generation) return;
      // A refused connection and a missing CORS answer look the same from here: a TypeError.
      const reason =
        error instanceof TypeError
          ? 'could not be reached from this page'
          : `refused a session: ${(error as Error).message}`;
      this.report({ kind: 'error', reason });
      this.timer = setTimeout(() => this.renew(), 5000);
    }
  }
}
