import type { OAuthCcConnect } from '../widget/index.js';
import { fillIn, typedClientId } from './element-fields.js';
import { checkConnection, resetSecret, rotateSecret } from './sandbox-console.js';
import type { SandboxSession } from './sandbox-session.js';

/** The sandbox clients whose console can rotate a secret (worker/sandbox/console.ts). */
const WITH_SECRET = ['sandbox-ok', 'sandbox-scope', 'sandbox-slow', 'sandbox-down', 'sandbox-jwt'];

const code = (text: string) => Object.assign(document.createElement('code'), { textContent: text });

const button = (text: string, onClick: () => void) => {
  const element = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'small-button',
    textContent: text,
  });
  element.addEventListener('click', onClick);
  return element;
};

/**
 * "Rotate the secret, reconnect in place": the last connection the live element made, the
 * sandbox console's rotation, a check by the host's backend (the demo's dev server) that finds
 * it broken, and a reconnect session (`connectionId`) through which the person pastes the new
 * secret. The webhook panel and the element show what happens; the page never holds an admin key.
 * Returns `sync()`, to call whenever the session changes.
 */
export function setUpReconnect(live: OAuthCcConnect, session: SandboxSession, endpoint: string): () => void {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const subject = byId('reconnect-subject');
  const rotated = byId('rotated');
  const checked = byId('check-result');
  const buttons = {
    rotate: byId<HTMLButtonElement>('rotate-secret'),
    check: byId<HTMLButtonElement>('check-connection'),
    reconnect: byId<HTMLButtonElement>('reconnect-connection'),
    back: byId<HTMLButtonElement>('new-connection'),
    reset: byId<HTMLButtonElement>('reset-secret'),
  };
  let connection: { id: string; clientId: string } | undefined;

  const sync = () => {
    const rotatable = !!connection && WITH_SECRET.includes(connection.clientId);
    buttons.rotate.disabled = buttons.reset.disabled = !rotatable;
    buttons.check.disabled = buttons.reconnect.disabled = !connection;
    buttons.back.hidden = !session.reconnecting;
  };

  const run = (output: HTMLElement, action: () => Promise<void>) => async () => {
    try {
      await action();
    } catch (error) {
      output.replaceChildren(`Failed: ${(error as Error).message}`);
    }
  };

  live.addEventListener('oauth-cc-connected', ({ detail }) => {
    connection = { id: detail.connectionId, clientId: typedClientId(live) };
    subject.replaceChildren('Connection ', code(connection.id), ' of ', code(connection.clientId), '.');
    if (!WITH_SECRET.includes(connection.clientId)) subject.append(' Its secret cannot be rotated here.');
    checked.replaceChildren();
    sync();
  });

  buttons.rotate.addEventListener(
    'click',
    run(rotated, async () => {
      const { client_id: clientId, client_secret: secret } = await rotateSecret(endpoint, connection!.clientId);
      rotated.replaceChildren(
        'New secret: ',
        code(secret),
        ' ',
        button('Fill in', () => fillIn(live, { client_id: clientId, client_secret: secret })),
      );
    }),
  );

  buttons.check.addEventListener(
    'click',
    run(checked, async () => {
      checked.replaceChildren('Checking…');
      const { status, last_error: error } = await checkConnection(endpoint, connection!.id);
      checked.replaceChildren('Now ', code(status), ...(error ? [' with ', code(error)] : []), '.');
    }),
  );

  buttons.reconnect.addEventListener('click', async () => {
    await session.reconnect(connection!.id);
    sync();
    live.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  });

  buttons.back.addEventListener('click', async () => {
    await session.newConnection();
    sync();
  });

  buttons.reset.addEventListener(
    'click',
    run(rotated, async () => {
      const { client_secret: secret } = await resetSecret(endpoint, connection!.clientId);
      rotated.replaceChildren('Back to ', code(secret), '.');
    }),
  );

  sync();
  return sync;
}
