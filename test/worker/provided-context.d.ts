// What test/worker/global-setup.ts provides to the tests (vitest `inject`).
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    oidcIssuer: string;
    strictUrl: string;
    webhookReceiverUrl: string;
  }
}
