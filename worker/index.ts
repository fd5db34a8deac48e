import { app } from './app.js';

export { TokenRefresher } from './token-refresher.js';
export default app;
