export * from './error-codes.js';
export * from './result-message.js';
export * from './session-claims.js';
