export { OIDC_CLIENTS } from './oauth-clients.mjs';
export interface Stats {
  tokenRequests: number;
  tokenTtl: number;
}
/** A private_key_jwt client of oidc-provider and the PKCS#8 PEM a person would paste for it. */
export interface PastedKey {
  clientId: string;
  pem: string;
  kid: string;
}
export function startOidcProvider(options?: { tokenTtl?: number; extraClients?: object[] }): Promise<{
  issuer: string;
  tokenUrl: string;
  stats: Stats;
  pastedKeys: { rsa: PastedKey; ec: PastedKey };
  close(): Promise<void>;
}>;
export function startStrictTokenServer(): Promise<{
  url: string;
  spaces: Map<string, { counts: Record<string, number> }>;
  close(): Promise<void>;
}>;
