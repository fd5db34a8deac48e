export { OAuthCcConnect, type Status } from './oauth-cc-connect.js';
export * from './events.js';
export { defaultStrings, type Strings } from './strings.js';
export type { Locale } from './locale.js';
