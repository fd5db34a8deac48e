export function registerKeyClient(
  issuer: string,
  keys: { jwks: { keys: JsonWebKey[] } } | { jwks_uri: string },
): Promise<string>;
