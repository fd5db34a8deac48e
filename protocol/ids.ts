/** A connection's id: `conn_` + 128 random bits as base64url (22 characters). */
export const CONNECTION_ID_PREFIX = 'conn_';
export const CONNECTION_ID_PATTERN = /^conn_[A-Za-z0-9_-]{22}$/;
