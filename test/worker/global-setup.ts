// Runs in Node before the workerd tests: real OAuth servers and a webhook receiver on loopback ports.
import type { TestProject } from 'vitest/node';
import { DEV_WEBHOOK_SECRET } from '../../worker/config/webhook-settings.js';
import { startCertificateServer } from '../support/certificate-server.mjs';
import { startOidcProvider, startStrictTokenServer } from '../support/oauth-servers.mjs';
import { startWebhookReceiver } from '../support/webhook-receiver.mjs';
import { EMULATIONS } from '../emulations/index.mjs';

export default async function setup(project: TestProject) {
  const oidc = await startOidcProvider({ tokenTtl: 3600 });
  const strict = await startStrictTokenServer();
  const receiver = await startWebhookReceiver({ secret: DEV_WEBHOOK_SECRET });
  const certificates = await startCertificateServer();
  project.provide('oidcIssuer', oidc.issuer);
  project.provide('pastedKeys', oidc.pastedKeys);
  project.provide('strictUrl', strict.url);
  project.provide('webhookReceiverUrl', receiver.url);
  // What each provider emulation's customer enters and is issued (its handler runs in Node, as
  // the outbound service of test/worker/vitest.config.ts).
  project.provide(
    'emulations',
    EMULATIONS.map(({ id, docs, customer, issued, wrongSecretCode }) => ({
      id,
      docs,
      customer,
      issued,
      wrongSecretCode,
    })),
  );
  project.provide('certificateServerUrl', certificates.url);
  return async () => {
    await oidc.close();
    await strict.close();
    await receiver.close();
    await certificates.close();
  };
}
