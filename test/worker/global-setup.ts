// Runs in Node before the workerd tests: real OAuth servers on loopback ports.
import type { TestProject } from 'vitest/node';
import { startOidcProvider, startStrictTokenServer } from '../support/oauth-servers.mjs';

export default async function setup(project: TestProject) {
  const oidc = await startOidcProvider({ tokenTtl: 3600 });
  const strict = await startStrictTokenServer();
  project.provide('oidcIssuer', oidc.issuer);
  project.provide('pastedKeys', oidc.pastedKeys);
  project.provide('strictUrl', strict.url);
  return async () => {
    await oidc.close();
    await strict.close();
  };
}
