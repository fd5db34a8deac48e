export { OIDC_CLIENTS, STRICT_CLIENT } from './oauth-clients.mjs';
export interface Stats {
  tokenRequests: number;
  tokenTtl: number;
}
export function startOidcProvider(options?: {
  tokenTtl?: number;
}): Promise<{ issuer: string; tokenUrl: string; stats: Stats; close(): Promise<void> }>;
export function startStrictTokenServer(): Promise<{
  url: string;
  counts: Record<string, number>;
  close(): Promise<void>;
}>;
