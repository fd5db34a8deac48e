import {
  readUnverifiedClaims,
  type AuthMethod,
  type CreateSessionInput,
  type ErrorCode,
  type LockableField,
} from '../protocol/index.js';
import type { OAuthCcConnect } from '../widget/index.js';
import { mintSession } from './sandbox-console.js';

/** `private_key_jwt` with a key the Worker holds (the session names its `keyId`), as the page offers it. */
export const WORKER_KEY = 'private_key_jwt+worker';

export interface SessionSettings {
  /** A catalog preset's id (`GET /v1/providers`): the session names it, and nothing below applies. '' for the sandbox. */
  preset: string;
  authMethod: AuthMethod | typeof WORKER_KEY;
  /** What the session presets: the sandbox's token URL, or its issuer (the Worker reads its metadata). */
  provider: 'tokenUrl' | 'issuer';
  /** Test & Save: the sandbox API path the new token must pass, or '' for none. */
  probe: string;
  /** `tokenUrl` stands for whichever of token URL and issuer `provider` presets. */
  locked: LockableField[];
}

export type SessionReport =
  | { kind: 'renewing' }
  | {
      kind: 'ready';
      expiresAt: number;
      authMethod: AuthMethod;
      keyId?: string;
      connectionId?: string;
      /** The catalog preset the session names, if any. */
      preset?: string;
    }
  | { kind: 'error'; reason: string };

// Renewed this long before it expires, so a click never carries a stale session.
const RENEW_MARGIN_SECONDS = 30;

/** Failures that leave the session unusable: the Worker refuses it, or its attempts are spent. */
const SESSION_SPENT: ErrorCode[] = ['session_invalid', 'session_expired', 'rate_limited'];

/**
 * Keeps the live element supplied with a sandbox session. The Worker's dev-only
 * `POST /sandbox/sessions` stands in for the host's backend (which would call `POST /v1/sessions`
 * with its admin key). A new session starts the element over, so one is minted only when the
 * current one can no longer connect: once it has connected, when the person chooses other
 * credentials (the confirmation's `::part(reset)`, or a "Fill in" here); once the Worker refuses
 * it; and shortly before it expires. A failed attempt leaves it usable (a session allows a few),
 * and the element keeps showing why it failed. `reconnect(id)` switches to sessions that update
 * that connection in place, until one succeeds or `newConnection()`.
 */
export class SandboxSession {
  settings: SessionSettings = {
    preset: '',
    authMethod: 'client_secret_basic',
    provider: 'tokenUrl',
    probe: '',
    locked: [],
  };
  private timer?: ReturnType<typeof setTimeout>;
  private generation = 0;
  private connectionId?: string;
  /** The session has connected: it cannot connect again. */
  private spent = false;

  /** `workerKey` gives the kid of a key the Worker holds for the sandbox tenant, creating one if need be. */
  constructor(
    private readonly element: OAuthCcConnect,
    private readonly endpoint: string,
    private readonly report: (report: SessionReport) => void,
    private readonly workerKey: () => Promise<string>,
  ) {
    // A reconnect that worked is done; one that failed may be tried again.
    element.addEventListener('oauth-cc-connected', () => {
      this.connectionId = undefined;
      this.spent = true;
    });
    element.addEventListener('oauth-cc-failed', ({ detail }) => {
      if (SESSION_SPENT.includes(detail.code)) void this.renew();
    });
    element.addEventListener('click', (event) => {
      const target = event.composedPath()[0];
      if (this.spent && target instanceof Element && target.part.contains('reset')) void this.renew();
    });
  }

  /** Resolves once the element holds a session that can connect, minting one if it has connected. */
  async usable(): Promise<void> {
    if (this.spent) await this.renew();
  }

  /** The connection the sessions update in place, if any. */
  get reconnecting(): string | undefined {
    return this.connectionId;
  }

  /** A reconnect updates a sandbox connection: the preset, if one was chosen, no longer applies. */
  reconnect(connectionId: string): Promise<void> {
    this.connectionId = connectionId;
    this.settings.preset = '';
    return this.renew();
  }

  newConnection(): Promise<void> {
    this.connectionId = undefined;
    return this.renew();
  }

  async renew(): Promise<void> {
    clearTimeout(this.timer);
    this.spent = false;
    // Only the newest request may set the token: settings can change while one is in flight.
    const generation = ++this.generation;
    this.report({ kind: 'renewing' });
    try {
      const fields = await this.fields();
      const session = await mintSession(this.endpoint, fields);
      if (generation !== this.generation) return;
      this.element.sessionToken = session.token;
      // What the Worker made of the request: a preset brings its own client authentication.
      const claims = readUnverifiedClaims(session.token);
      this.report({
        kind: 'ready',
        expiresAt: session.expiresAt,
        authMethod: claims?.authMethod ?? fields.authMethod ?? 'client_secret_basic',
        ...(fields.keyId ? { keyId: fields.keyId } : {}),
        ...(fields.connectionId ? { connectionId: fields.connectionId } : {}),
        ...(fields.provider ? { preset: fields.provider } : {}),
      });
      const delay = (session.expiresAt - RENEW_MARGIN_SECONDS) * 1000 - Date.now();
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

  /**
   * The session request: a reconnect takes everything else from the connection it updates; a
   * preset everything from the catalog (its token URL, fields, client authentication, steps).
   */
  private async fields(): Promise<Omit<CreateSessionInput, 'tenant'>> {
    const { settings, endpoint, connectionId } = this;
    const probe = settings.probe ? { probe: { url: `${endpoint}${settings.probe}` } } : {};
    if (connectionId) return { origin: location.origin, connectionId, ...probe };
    if (settings.preset) return { origin: location.origin, provider: settings.preset };
    const preset =
      settings.provider === 'issuer' ? { issuer: `${endpoint}/sandbox` } : { tokenUrl: `${endpoint}/sandbox/token` };
    const { authMethod } = settings;
    return {
      origin: location.origin,
      ...preset,
      scopes: ['read'],
      ...(authMethod === WORKER_KEY
        ? { authMethod: 'private_key_jwt', keyId: await this.workerKey() }
        : { authMethod }),
      ...probe,
      locked: settings.locked.map((field) => (field === 'tokenUrl' ? settings.provider : field)),
    };
  }
}
