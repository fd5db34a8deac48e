import { html, raw } from 'hono/html';
import type { AttemptOutcome, ResultMessage } from '../../protocol/index.js';
import { COMPLETION_STRINGS, completionLanguage } from './completion-strings.js';

/** What the page shows and posts: a ConnectVerdict (attempt.ts), read from protocol's types alone. */
export interface PageVerdict {
  outcome: AttemptOutcome;
  message: ResultMessage | null;
  origin: string | null;
}

export interface PageOptions {
  /** Seconds before the window closes itself; null = stays until the person closes it. */
  closeAfter: number | null;
  nonce: string;
  /** The session's language (its `locale` claim, BCP 47), when there is a session to ask. */
  locale?: string;
  /** The request's `Accept-Language`: the language when the session names none the page speaks. */
  acceptLanguage?: string;
}

/** JSON placed inside <script> must not be able to end the element (`</script>`, `<!--`). */
const scriptSafeJson = (value: unknown) => raw(JSON.stringify(value).replace(/</g, '\\u003c'));

// The element's look (widget/styles.ts): its colours, in light and dark, its type scale (20 px
// title, 15 px text, 13 px hints), its 40 px secondary button, its 2 px focus ring and its icons.
// The popup is a page of its own, so it follows the reader's preference. In forced colours the
// system palette replaces every colour; the card's and the button's borders stay.
const STYLE = `
:root{color-scheme:light dark;--bg:light-dark(#f6f8fa,#0d1117);--card:light-dark(#fff,#161b22);--fg:light-dark(#1f2328,#e6e8eb);--muted:light-dark(#59636e,#9ba3ad);--line:light-dark(#d1d9e0,#3d444d);--accent:light-dark(#0b57d0,#a8c7fa);--ok:light-dark(#1a7f37,#3fb950);--bad:light-dark(#b3261e,#f2b8b5)}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;padding:16px;background:var(--bg);color:var(--fg);font:.9375rem/1.5 system-ui,sans-serif}
main{width:100%;max-width:26rem;padding:32px;background:var(--card);border:1px solid var(--line);border-radius:12px;box-shadow:0 1px 3px #0000000f,0 8px 24px #0000000a;overflow-wrap:anywhere}
.badge{display:grid;place-items:center;width:48px;height:48px;margin-bottom:16px;border-radius:50%;color:var(--k);background:color-mix(in srgb,var(--k) 12%,transparent)}
.connected{--k:var(--ok)}.failed{--k:var(--bad)}
svg{width:28px;height:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
h1{margin:0 0 8px;font-size:1.25rem;line-height:1.3;font-weight:600}
p{margin:0 0 8px}
.hint{color:var(--muted);font-size:.8125rem}
code{font:.8125rem/1.5 ui-monospace,monospace;padding:1px 6px;border-radius:4px;background:color-mix(in srgb,currentColor 8%,transparent)}
button{display:block;width:100%;min-height:40px;margin-top:24px;padding:6px 16px;font:inherit;font-weight:600;color:inherit;background:none;border:1px solid var(--line);border-radius:6px;cursor:pointer}
button:hover{border-color:var(--muted);background:color-mix(in srgb,currentColor 6%,transparent)}
button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}`;

// The element's icons: a circle with a check, or with an exclamation mark.
const CIRCLE = 'M22 12a10 10 0 1 1-20 0 10 10 0 0 1 20 0';
const icon = (path: string) =>
  html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${CIRCLE}${path}"></path></svg>`;

// Runs with the CSP nonce: posts the outcome to the opener's exact origin (never "*"), then
// closes when asked. Hands the opener nothing but the message built by the Worker.
const SCRIPT = `
const data = JSON.parse(document.getElementById('oauth-cc-data').textContent);
if (data.message && data.targetOrigin && window.opener) window.opener.postMessage(data.message, data.targetOrigin);
document.getElementById('close').addEventListener('click', () => window.close());
if (data.closeAfter !== null) setTimeout(() => window.close(), data.closeAfter * 1000);`;

/** "3 seconds" in the page's language; a formatter is costly to make, so one per language per isolate. */
const formatters = new Map<string, Intl.NumberFormat>();
function secondsIn(lang: string): Intl.NumberFormat {
  let format = formatters.get(lang);
  if (!format)
    formatters.set(
      lang,
      (format = new Intl.NumberFormat(lang, { style: 'unit', unit: 'second', unitDisplay: 'long' })),
    );
  return format;
}

/**
 * The HTML the popup lands on: *Authorization Complete* or *Authorization Failed*, in the
 * session's language (`locale`), else the browser's, else English. In English the advice is the
 * Worker's own message (it may carry the provider's detail); in another language, the advice for
 * its code.
 */
export function renderCompletionPage(
  { outcome, message, origin }: PageVerdict,
  { closeAfter, nonce, locale, acceptLanguage }: PageOptions,
) {
  const lang = completionLanguage(locale, acceptLanguage);
  const strings = COMPLETION_STRINGS[lang];
  const connected = outcome.status === 'connected';
  const title = connected ? strings.complete : strings.failed;
  const explanation = connected
    ? strings.ready
    : ((strings.errors as Record<string, string> | undefined)?.[outcome.error.code] ?? outcome.error.message);
  const closing =
    closeAfter === null
      ? strings.closeYourself
      : closeAfter === 0
        ? strings.closingNow
        : strings.closingIn.replace('{duration}', secondsIn(lang).format(closeAfter));
  const data = { message, targetOrigin: origin, closeAfter };
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style nonce="${nonce}">${raw(STYLE)}</style>
</head>
<body>
<main class="${connected ? 'connected' : 'failed'}">
<div class="badge">${icon(connected ? 'M8 12l3 3 5-6' : 'M12 7v6m0 4v.01')}</div>
<h1>${title}</h1>
<div role="status">
<p>${explanation}</p>
${outcome.status === 'failed' ? html`<p class="hint">${strings.errorCode} <code>${outcome.error.code}</code></p>` : ''}
</div>
<p class="hint">${closing}</p>
<button type="button" id="close" autofocus>${strings.close}</button>
</main>
<script type="application/json" id="oauth-cc-data">${scriptSafeJson(data)}</script>
<script nonce="${nonce}">${raw(SCRIPT)}</script>
</body>
</html>`;
}
