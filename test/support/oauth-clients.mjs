// Credentials of the test OAuth servers' clients: plain data, importable from Node and workerd.
export const OIDC_CLIENTS = {
  basic: { id: 'basic-client', secret: 'basic-client-secret-value' },
  post: { id: 'post-client', secret: 'post-client-secret-value' },
};

// Odd characters prove RFC 6749 §2.3.1's form-urlencoding before base64.
export const STRICT_CLIENT = { id: 'strict client+id', secret: 'strict:secret/with&odd=chars' };
