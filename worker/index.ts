// The production Worker (`wrangler deploy --env production`): the API and nothing for development.
import { createApp } from './app.js';
import { entry } from './entry.js';

export { TokenRefresher } from './connections/token-refresher.js';

export default entry(createApp());
