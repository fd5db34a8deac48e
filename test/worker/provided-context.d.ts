// What test/worker/global-setup.ts provides to the tests (vitest `inject`).
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    oidcIssuer: string;
    /** Private keys (PEM) of oidc-provider's private_key_jwt clients, made at start. */
    pastedKeys: {
      rsa: import('../support/oauth-servers.mjs').PastedKey;
      ec: import('../support/oauth-servers.mjs').PastedKey;
    };
    strictUrl: string;
    webhookReceiverUrl: string;
    emulations: Pick<
      import('../emulations/emulation.d.mts').Emulation,
      'id' | 'docs' | 'customer' | 'issued' | 'wrongSecretCode'
    >[];
    /** An Entra-like token endpoint that takes certificate-bound assertions, and reads certificates with Node and openssl. */
    certificateServerUrl: string;
  }
}
