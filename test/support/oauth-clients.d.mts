export const OIDC_CLIENTS: { basic: { id: string; secret: string }; post: { id: string; secret: string } };
export const STRICT_CLIENT: { id: string; secret: string };
