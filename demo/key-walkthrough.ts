import type { CreatedKey } from '../protocol/index.js';
import type { OAuthCcConnect } from '../widget/index.js';
import { fillIn } from './element-fields.js';
import { createCertifiedKey, createWorkerKey, generateClientKey } from './sandbox-console.js';
import { WORKER_KEY, type SessionSettings } from './sandbox-session.js';

const code = (text: string) => Object.assign(document.createElement('code'), { textContent: text });

/**
 * "Connect with a key instead of a secret", both ways `private_key_jwt` (RFC 7523) is set up:
 * a key pair the Worker holds (`POST /sandbox/keys`, the sandbox tenant's `POST /v1/keys`), whose
 * JWKS URL the element shows, or one with a self-signed certificate (`POST /v1/keys
 * {certificate: true}` through the dev server, as for Microsoft Entra ID), which the element
 * also offers for download; or a pair the provider's console generates, whose private key the
 * person copies into the element. `useAuthMethod` switches the session's method and resolves
 * once the new session is in the element. Returns the kid the Worker-held key sessions name
 * (the newest key made here), creating a key the first time one is needed.
 */
export function setUpKeys(
  live: OAuthCcConnect,
  endpoint: string,
  useAuthMethod: (method: SessionSettings['authMethod']) => Promise<void>,
): () => Promise<string> {
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const workerKeyOutput = byId('worker-key');
  const pasted = byId('pasted-key');
  const pem = byId<HTMLTextAreaElement>('private-key-pem');
  const kid = byId('private-key-kid');
  let key: Promise<CreatedKey> | undefined;

  const show = ({ kid: id, alg, jwks_uri: jwksUri, 'x5t#S256': thumbprint }: CreatedKey) => {
    const fill = Object.assign(document.createElement('button'), {
      type: 'button',
      className: 'small-button',
      textContent: 'Fill in sandbox-key',
    });
    fill.addEventListener('click', () => fillIn(live, { client_id: 'sandbox-key' }));
    const certificate = thumbprint
      ? [
          ' It has a certificate (SHA-256 thumbprint ',
          code(thumbprint),
          '): the element offers it for download under the URL, for consoles that take a certificate instead.',
        ]
      : [];
    workerKeyOutput.replaceChildren(
      'Key ',
      code(id),
      ` (${alg}), published at `,
      code(jwksUri),
      '. The session names it: the element shows that URL to copy into the provider’s console.',
      ...certificate,
      ' ',
      fill,
    );
  };

  const create = (withCertificate = false) => {
    const created = withCertificate ? createCertifiedKey(endpoint) : createWorkerKey(endpoint);
    key = created;
    created.then(show, (error: Error) => {
      if (key === created) key = undefined;
      workerKeyOutput.replaceChildren(`Failed: ${error.message}`);
    });
    return created;
  };

  for (const [id, withCertificate] of [
    ['create-worker-key', false],
    ['create-certified-key', true],
  ] as const) {
    byId(id).addEventListener('click', () =>
      create(withCertificate).then(
        () => useAuthMethod(WORKER_KEY),
        () => {},
      ),
    );
  }

  byId('generate-client-key').addEventListener('click', async () => {
    try {
      const generated = await generateClientKey(endpoint);
      pem.value = generated.private_key;
      kid.textContent = generated.kid;
      pasted.hidden = false;
      await useAuthMethod('private_key_jwt');
    } catch (error) {
      pasted.hidden = false;
      kid.textContent = '';
      pem.value = `Failed: ${(error as Error).message}`;
    }
  });

  byId('copy-private-key').addEventListener('click', () => navigator.clipboard.writeText(pem.value));
  byId('fill-private-key').addEventListener('click', () =>
    fillIn(live, { client_id: 'sandbox-key', private_key: pem.value, key_id: kid.textContent ?? '' }),
  );

  return async () => (await (key ?? create())).kid;
}
