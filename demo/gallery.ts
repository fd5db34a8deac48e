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

type Scene =
  | 'idle'
  | 'advanced'
  | 'locked'
  | 'instructions'
  | 'profile'
  | 'preset'
  | 'worker-key'
  | 'pending'
  | 'connected'
  | 'failed'
  | 'popup-blocked'
  | 'cancelled';

const STATIC_SCENES: Scene[] = ['idle', 'advanced', 'locked', 'instructions', 'profile', 'preset', 'worker-key'];

/** A provider field as a profile spells it: the person types it, the Worker templates it in. */
const ACCOUNT_ID = {
  name: 'account_id',
  label: 'Account ID',
  hint: 'Shown with the Client ID under App Credentials.',
  placeholder: 'e.g. Kx7pQ2mZTb-9wF3a',
  pattern: '[A-Za-z0-9_\\-]{10,64}',
};

/** What each scene's session presets and locks, beyond the defaults. */
function sceneClaims(scene: Scene): Partial<SessionClaims> {
  const everything: SessionClaims['locked'] = ['tokenUrl', 'scopes', 'params'];
  const preset = { tokenUrl: TOKEN_URL, scopes: ['reports:read'] };
  switch (scene) {
    case 'idle':
      return {};
    case 'advanced':
      // A preset scope holds a value, so the disclosure opens by itself.
      return { ...preset, locked: ['tokenUrl'] };
    case 'locked':
      return { ...preset, locked: ['tokenUrl', 'scopes'] };
    case 'profile':
      return {
        ...preset,
        locked: everything,
        fields: [
          ACCOUNT_ID,
          {
            name: 'region',
            label: 'Data centre',
            hint: 'Where the account is hosted: the top of the admin console says.',
            options: [
              { value: 'us', label: 'United States' },
              { value: 'eu', label: 'Europe (Frankfurt)' },
              { value: 'au', label: 'Australia (Sydney)' },
            ],
          },
        ],
      };
    case 'preset':
      return {
        tokenUrl: 'https://zoom.us/oauth/token',
        locked: everything,
        fields: [ACCOUNT_ID],
        provider: {
          id: 'zoom',
          name: 'Zoom',
          docs: 'https://developers.zoom.us/docs/internal-apps/s2s-oauth/',
          instructions: [
            'In the Zoom App Marketplace, choose Develop → Build App → Server-to-Server OAuth, name the app and create it.',
            'Under Scopes, add the scopes the integration needs, then activate the app.',
            'Copy the Account ID, Client ID and Client Secret from App Credentials.',
          ].join('\n'),
        },
      };
    case 'worker-key':
      // A key the Worker holds (POST /v1/keys), made with a certificate: the stand-in says it has one.
      return { ...preset, locked: everything, authMethod: 'private_key_jwt', keyId: 'kid_Ew3xQ9' };
    default:
      return { ...preset, locked: everything };
  }
}

/**
 * A session token shaped like the Worker's. Its signature is a placeholder: the element reads
 * the claims only to decide which fields to show, and the stand-in never checks it.
 */
function sessionToken(scene: Scene): string {
  const claims: SessionClaims = {
    v: 1,
    sid: `gallery-${scene}`,
    tenant: 'gallery',
    origin: location.origin,
    iat: 0,
    exp: 4_000_000_000,
    authMethod: 'auto',
    locked: [],
    ...sceneClaims(scene),
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
    // The element asks whether a Worker-held key has a certificate before it offers one.
    if (url.startsWith(`${ENDPOINT}/v1/certificates/`)) return Promise.resolve(new Response(null, { status: 200 }));
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
  if (!['idle', 'advanced', 'locked', 'profile', 'preset', 'worker-key'].includes(scene)) {
    element.clientId = 'acme-reports';
  }
  await element.updateComplete;
  const root = element.shadowRoot!;
  // Its certificate link follows the stand-in's answer: in before the page shows, so nothing moves
  // (and never waited for long: the page must not hang on a card).
  if (scene === 'worker-key') {
    for (let tries = 0; !root.querySelector('[part=certificate]') && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  if (STATIC_SCENES.includes(scene)) return;

  root.querySelector<HTMLInputElement>('input[name=client_secret]')!.value = 'gallery-only-secret';
  submitWithPopupBlocked(root.querySelector('form')!);
  await element.updateComplete;
  if (scene === 'popup-blocked') return;

  const outcome = OUTCOME_EVENT[scene];
  const reported = outcome
    ? new Promise((resolve) => element.addEventListener(outcome, resolve, { once: true }))
    : null;
  // Blocked, the element offers "Connect without a pop-up" first.
  root.querySelector<HTMLButtonElement>('[part=button]')!.click();
  await reported;
  await element.updateComplete;
}

/** Puts every gallery element under `container` into the state its `data-state` names. */
export async function setUpGallery(container: HTMLElement): Promise<void> {
  installStandIn();
  const elements = [...container.querySelectorAll<OAuthCcConnect>('oauth-cc-connect[data-state]')];
  await Promise.all(elements.map((element) => enterScene(element, element.dataset.state as Scene)));
}
