import {
  encodeBase64Url,
  ERROR_MESSAGES,
  readUnverifiedClaims,
  resultMessage,
  type SessionClaims,
} from '../protocol/index.js';
import type { OAuthCcConnect } from '../widget/index.js';

/**
 * The gallery: one element per state, side by side. No request leaves the page: each instance
 * points at an endpoint on the reserved `.invalid` domain, and a stand-in answers the element's
 * own requests to it. The states are reached the way a person reaches them (a blocked pop-up,
 * then "Connect without a pop-up"), so every card shows exactly what the element renders.
 */
const ENDPOINT = 'https://worker.gallery.invalid';
const TOKEN_URL = 'https://auth.acme.example/oauth/token';

type Scene = 'idle' | 'locked' | 'instructions' | 'pending' | 'connected' | 'failed' | 'popup-blocked' | 'cancelled';

const STATIC_SCENES: Scene[] = ['idle', 'locked', 'instructions'];

/**
 * A session token shaped like the Worker's. Its signature is a placeholder: the element reads
 * the claims only to decide which fields to show, and the stand-in never checks it.
 */
function sessionToken(scene: Scene): string {
  const locked: SessionClaims['locked'] =
    scene === 'idle' ? [] : scene === 'locked' ? ['tokenUrl', 'scopes'] : ['tokenUrl', 'scopes', 'params'];
  const claims: SessionClaims = {
    v: 1,
    sid: `gallery-${scene}`,
    tenant: 'gallery',
    origin: location.origin,
    iat: 0,
    exp: 4_000_000_000,
    authMethod: 'auto',
    locked,
    ...(scene === 'idle' ? {} : { tokenUrl: TOKEN_URL, scopes: ['reports:read'] }),
  };
  return `${encodeBase64Url(new TextEncoder().encode(JSON.stringify(claims)))}.gallery`;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** What the Worker would answer to `POST /v1/connect` (JSON, the no-pop-up mode) in each scene. */
function standInAnswer(scene: string, state: string, signal?: AbortSignal | null): Promise<Response> {
  switch (scene) {
    case 'connected': {
      const expiresAt = Math.floor(Date.now() / 1000) + 3600;
      return Promise.resolve(
        json(
          resultMessage(state, {
            status: 'connected',
            connectionId: 'conn_7Qm2hXc4',
            scopes: ['reports:read'],
            expiresAt,
          }),
        ),
      );
    }
    case 'failed': {
      const error = { code: 'invalid_client' as const, message: ERROR_MESSAGES.invalid_client };
      return Promise.resolve(json(resultMessage(state, { status: 'failed', error }), 502));
    }
    case 'cancelled':
      return Promise.resolve(json({ error: 'cancelled', error_description: ERROR_MESSAGES.cancelled }, 404));
    default:
      // Pending: the answer never comes; the element's own abort ends the wait.
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))),
      );
  }
}

/** Routes the gallery's requests to the stand-in; every other request goes out as usual. */
function installStandIn(): void {
  const realFetch = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(`${ENDPOINT}/`)) return realFetch(input, init);
    const body = new URLSearchParams(init.body as URLSearchParams);
    const scene = readUnverifiedClaims(body.get('session_token') ?? '')?.sid.replace('gallery-', '') ?? '';
    return standInAnswer(scene, body.get('state') ?? '', init.signal);
  };
}

/** Submits the element's form while `window.open` acts as a pop-up blocker does. */
function submitWithPopupBlocked(form: HTMLFormElement): void {
  const { open } = window;
  window.open = () => null;
  try {
    form.requestSubmit();
  } finally {
    window.open = open;
  }
}

const OUTCOME_EVENT: Partial<Record<Scene, string>> = {
  connected: 'oauth-cc-connected',
  failed: 'oauth-cc-failed',
  cancelled: 'oauth-cc-cancelled',
};

async function enterScene(element: OAuthCcConnect, scene: Scene): Promise<void> {
  element.endpoint = ENDPOINT;
  element.sessionToken = sessionToken(scene);
  // Long enough that the pending card never times out while someone looks at it.
  element.timeout = 86_400;
  if (!['idle', 'locked'].includes(scene)) element.clientId = 'acme-reports';
  await element.updateComplete;
  if (STATIC_SCENES.includes(scene)) return;

  const root = element.shadowRoot!;
  root.querySelector<HTMLInputElement>('input[name=client_secret]')!.value = 'gallery-only-secret';
  submitWithPopupBlocked(root.querySelector('form')!);
  await element.updateComplete;
  if (scene === 'popup-blocked') return;

  const outcome = OUTCOME_EVENT[scene];
  const reported = outcome
    ? new Promise((resolve) => element.addEventListener(outcome, resolve, { once: true }))
    : null;
  const [, inline] = root.querySelectorAll<HTMLButtonElement>('[part=button]');
  inline!.click();
  await reported;
  await element.updateComplete;
}

/** Puts every gallery element under `container` into the state its `data-state` names. */
export async function setUpGallery(container: HTMLElement): Promise<void> {
  installStandIn();
  const elements = [...container.querySelectorAll<OAuthCcConnect>('oauth-cc-connect[data-state]')];
  await Promise.all(elements.map((element) => enterScene(element, element.dataset.state as Scene)));
}
