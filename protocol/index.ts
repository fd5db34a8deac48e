export * from './base64url.js';
export * from './error-codes.js';
export * from './is-record.js';
export * from './result-message.js';
export * from './session-claims.js';
export * from './lifecycle.js';
export * from './discovery.js';
export * from './api.js';
