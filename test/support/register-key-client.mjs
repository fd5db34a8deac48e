// RFC 7591 dynamic registration at oidc-provider of a private_key_jwt client (RFC 7523 §2.2)
// whose public keys the provider learns only from what is given here: the keys themselves
// (`{ jwks: { keys } }`) or a URL to fetch them from (`{ jwks_uri }`). Runs in Node and workerd.
export async function registerKeyClient(issuer, keys) {
  const response = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'private_key_jwt',
      scope: 'api:read',
      ...keys,
    }),
  });
  if (response.status !== 201) throw new Error(`registration answered ${response.status}: ${await response.text()}`);
  return (await response.json()).client_id;
}
