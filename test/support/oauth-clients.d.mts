type Client = { id: string; secret: string };
export const OIDC_CLIENTS: { basic: Client; post: Client; jwt: Client };
export const KEY_CLIENTS: { rsa: string; ec: string };
export const STRICT_CLIENT: { id: string; secret: string };
export const STALL_MS: number;
