import type { ErrorCode } from '../protocol/index.js';

export interface ConnectedDetail {
  connectionId: string;
  scopes: string[];
  /** Seconds since the epoch when the current access token expires, if the provider said. */
  expiresAt?: number;
}

export interface FailedDetail {
  code: ErrorCode;
  message: string;
}

// Bubbling and composed so a host can listen on any ancestor, across shadow roots.
const init = { bubbles: true, composed: true };

/** The connection was made and stored; `detail` holds only what the host needs to find it. */
export class OAuthCcConnectedEvent extends CustomEvent<ConnectedDetail> {
  constructor(detail: ConnectedDetail) {
    super('oauth-cc-connected', { ...init, detail });
  }
}

/** The attempt ended without a connection; `detail.code` is one of protocol's error codes. */
export class OAuthCcFailedEvent extends CustomEvent<FailedDetail> {
  constructor(detail: FailedDetail) {
    super('oauth-cc-failed', { ...init, detail });
  }
}

/** The person closed the connection window and the Worker never received the attempt. */
export class OAuthCcCancelledEvent extends Event {
  constructor() {
    super('oauth-cc-cancelled', init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'oauth-cc-connected': OAuthCcConnectedEvent;
    'oauth-cc-failed': OAuthCcFailedEvent;
    'oauth-cc-cancelled': OAuthCcCancelledEvent;
  }
}
