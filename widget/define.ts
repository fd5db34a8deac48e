import { OAuthCcConnect } from './oauth-cc-connect.js';

// Guarded so a page that loads the element twice (bundle and library, two micro-frontends) does not throw.
if (!customElements.get('oauth-cc-connect')) customElements.define('oauth-cc-connect', OAuthCcConnect);
