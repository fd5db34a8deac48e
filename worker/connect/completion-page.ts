import { html, raw } from 'hono/html';
import type { ConnectVerdict } from './attempt.js';

export interface PageOptions {
  /** Seconds before the window closes itself; null = stays until the person closes it. */
  closeAfter: number | null;
  nonce: string;
}

/** JSON placed inside <script> must not be able to end the element (`</script>`, `<!--`). */
const scriptSafeJson = (value: unknown) => raw(JSON.stringify(value).replace(/</g, '\\u003c'));

const STYLE = `
:root{color-scheme:light dark;--bg:#f7f7f8;--fg:#18181b;--muted:#52525b;--card:#fff;--ok:#15803d;--bad:#b91c1c;--ring:#2563eb}
@media (prefers-color-scheme:dark){:root{--bg:#111113;--fg:#f4f4f5;--muted:#a1a1aa;--card:#1c1c1f;--ok:#4ade80;--bad:#f87171;--ring:#60a5fa}}
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:28rem;margin:1rem;padding:2rem;background:var(--card);border-radius:12px;box-shadow:0 1px 3px #0002}
h1{margin:0 0 .5rem;font-size:1.375rem}h1::before{margin-right:.5rem}
.connected h1{color:var(--ok)}.connected h1::before{content:"\\2713"}.failed h1{color:var(--bad)}.failed h1::before{content:"\\2715"}
p{margin:.5rem 0;overflow-wrap:anywhere}.hint{color:var(--muted);font-size:.875rem}
button{margin-top:1rem;font:inherit;padding:.5rem 1.25rem;border-radius:8px;border:1px solid currentColor;background:transparent;color:inherit;cursor:pointer}
button:focus-visible{outline:3px solid var(--ring);outline-offset:2px}
@media (forced-colors:active){button{border-color:ButtonText}}`;

// Runs with the CSP nonce: posts the outcome to the opener's exact origin (never "*"), then
// closes when asked. Hands the opener nothing but the message built by the Worker.
const SCRIPT = `
const data = JSON.parse(document.getElementById('oauth-cc-data').textContent);
if (data.message && data.targetOrigin && window.opener) window.opener.postMessage(data.message, data.targetOrigin);
document.getElementById('close').addEventListener('click', () => window.close());
if (data.closeAfter !== null) setTimeout(() => window.close(), data.closeAfter * 1000);`;

/** The HTML the popup lands on: *Authorization Complete* or *Authorization Failed*. */
export function renderCompletionPage({ outcome, message, origin }: ConnectVerdict, { closeAfter, nonce }: PageOptions) {
  const connected = outcome.status === 'connected';
  const title = connected ? 'Authorization Complete' : 'Authorization Failed';
  const explanation = connected ? 'The connection is ready. You can return to the application.' : outcome.error.message;
  const closing =
    closeAfter === null
      ? 'You can close this window.'
      : closeAfter === 0
        ? 'This window closes now.'
        : `This window closes in ${closeAfter} seconds.`;
  const data = { message, targetOrigin: origin, closeAfter };
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style nonce="${nonce}">${raw(STYLE)}</style>
</head>
<body>
<main class="${connected ? 'connected' : 'failed'}">
<h1>${title}</h1>
<div role="status">
<p>${explanation}</p>
${outcome.status === 'failed' ? html`<p class="hint">Error code: <code>${outcome.error.code}</code></p>` : ''}
</div>
<p class="hint">${closing}</p>
<button type="button" id="close" autofocus>Close</button>
</main>
<script type="application/json" id="oauth-cc-data">${scriptSafeJson(data)}</script>
<script nonce="${nonce}">${raw(SCRIPT)}</script>
</body>
</html>`;
}
