import { app } from './app.js';

export { TokenRefresher } from './connections/token-refresher.js';
export default app;
