// The development Worker (`wrangler dev`, `npm start`, the tests): the production app plus the
// sandbox provider and its session minting for the demo page. wrangler.toml's top level points
// here; its production environment points at index.ts, so no sandbox code is deployed.
import { createApp } from './app.js';
import { entry } from './entry.js';
import { sandboxRoutes } from './sandbox/routes.js';

export { TokenRefresher } from './connections/token-refresher.js';

export default entry(createApp((app) => app.route('/sandbox', sandboxRoutes)));
