import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { hostBackend } from './host-backend.js';
import { webhookReceiver } from './webhook-receiver.js';

/**
 * `?coop=same-origin` serves the page with `Cross-Origin-Opener-Policy: same-origin`, as some
 * host apps do. It severs `window.opener` for the Worker's popup, so the element must learn the
 * outcome from `GET /v1/connect/result` instead of a postMessage; the end-to-end tests and
 * anyone curious can see that it still completes.
 */
function coopOnRequest(): Plugin {
  return {
    name: 'demo-coop-on-request',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const { searchParams } = new URL(req.url ?? '/', 'http://demo');
        if (searchParams.get('coop') === 'same-origin') res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
        next();
      });
    },
  };
}

// The designers' page: `npm run demo` (or `npm start`, with the Worker). Separate from the
// root vite.config.ts, which builds the element's library.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [coopOnRequest(), webhookReceiver(), hostBackend()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // Pre-bundled at start-up, so the first visit does not reload the page halfway through.
  optimizeDeps: { include: ['lit'] },
});
