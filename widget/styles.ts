import type { CSSResult } from 'lit';

// Terse on purpose: the bundle has a size budget, and the build squeezes out only whitespace.
//
// Colour: no `color-scheme` of its own, so the element takes the page's (inherited, or the page's
// <meta name="color-scheme">): light on a page that declares nothing, whatever the reader's
// system prefers; dark or `light dark` when the page (or the host, on the element) says so.
// `light-dark()` and the system colours follow that. In forced colours the system palette
// replaces every colour; transparent borders then show, and aria-disabled, unlike disabled,
// gets no colour of its own, hence GrayText.
//
// Type and rhythm: 15px text, 14px/500 labels, 13px hints; 6px from a label to its input,
// `--oauth-cc-spacing` (20px) between fields; inputs and buttons 40px tall. Logical properties
// (inline-start/end) keep the reveal button and the lists right in `dir="rtl"`. A notice's
// `--k` is its key colour: icon, tinted border and background; an icon outside a notice has no
// `--k`, so its `color: var(--k)` is invalid at computed-value time and the colour inherits.
/**
 * The stylesheet as Lit takes it, made once, the first time an element needs it: Lit adopts
 * `styleSheet` (every browser with custom states adopts stylesheets), and `cssText` is what a
 * `<style>` fallback would hold. That is all Lit reads of a CSSResult; the bundle then needs
 * neither that class nor `unsafeCSS`. The build squeezes the whitespace out of its argument.
 */
function stylesheet(cssText: string): CSSResult {
  let sheet: CSSStyleSheet | undefined;
  return {
    cssText,
    get styleSheet() {
      if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(cssText);
      return sheet;
    },
  } as CSSResult;
}

export const styles = stylesheet(/* css */ `
  :host {
    --_a: var(--oauth-cc-accent, light-dark(#0b57d0, #a8c7fa));
    --_e: var(--oauth-cc-error, light-dark(#b3261e, #f2b8b5));
    --_c: var(--oauth-cc-color, light-dark(#1f2328, #e6e8eb));
    --_m: var(--oauth-cc-muted, light-dark(#59636e, #9ba3ad));
    --_b: var(--oauth-cc-border, light-dark(#d1d9e0, #3d444d));
    --_g: var(--oauth-cc-background, Canvas);
    --_r: var(--oauth-cc-radius, 6px);
    --_s: var(--oauth-cc-spacing, 20px);
    display: grid;
    gap: var(--_s);
    color: var(--_c);
    background: var(--_g);
    font: var(--oauth-cc-font, 0.9375rem/1.5 system-ui, sans-serif);
    overflow-wrap: anywhere;
  }
  form,
  .fields {
    display: grid;
    gap: var(--_s);
  }
  [part=field] {
    display: grid;
    gap: 6px;
  }
  .row {
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
  label,
  [part=label],
  summary {
    font-size: 0.875rem;
    font-weight: 500;
  }
  output,
  small {
    display: block;
  }
  small {
    font-size: 0.8125rem;
    color: var(--_m);
  }
  [part=error] {
    color: var(--_e);
  }
  input,
  select,
  button {
    min-height: 40px;
    font: inherit;
    color: inherit;
    border: 1px solid var(--_b);
    border-radius: var(--_r);
  }
  input,
  select {
    box-sizing: border-box;
    width: 100%;
    padding: 0 12px;
    background: var(--_g);
  }
  :is(input, select, .secondary):hover {
    border-color: var(--_m);
  }
  [aria-invalid=true] {
    border-color: var(--_e);
    box-shadow: inset 0 0 0 1px var(--_e);
  }
  :focus-visible {
    outline: 2px solid var(--_a);
    outline-offset: 2px;
  }
  .secret {
    position: relative;
  }
  .secret input {
    padding-inline-end: 44px;
  }
  [part=toggle] {
    position: absolute;
    inset-block: 4px;
    inset-inline-end: 4px;
    width: 32px;
    min-height: 0;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_m);
  }
  [part=toggle]:hover,
  summary:hover {
    color: var(--_c);
  }
  button {
    padding: 6px 16px;
    font-weight: 600;
    cursor: pointer;
  }
  [part=button] {
    display: flex;
    justify-content: center;
    align-items: center;
    gap: 8px;
    border-color: transparent;
    background: var(--_a);
    color: var(--oauth-cc-accent-text, light-dark(#fff, #062e6f));
  }
  [part=button]:hover {
    background: color-mix(in srgb, var(--_a) 85%, var(--_c));
  }
  [part=button]:active {
    background: color-mix(in srgb, var(--_a) 70%, var(--_c));
  }
  .secondary {
    background: none;
    color: inherit;
    border-color: var(--_b);
  }
  .secondary:hover {
    background: color-mix(in srgb, currentColor 6%, transparent);
  }
  .actions {
    display: grid;
    gap: 12px;
  }
  [aria-disabled=true] {
    opacity: 0.7;
    cursor: progress;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      rotate: 1turn;
    }
  }
  svg {
    flex: none;
    width: 20px;
    height: 20px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
    color: var(--k);
  }
  details .fields {
    padding-top: var(--_s);
  }
  summary {
    display: flex;
    align-items: center;
    gap: 4px;
    width: fit-content;
    color: var(--_m);
    cursor: pointer;
    list-style: none;
  }
  [open] > summary svg,
  .info svg {
    rotate: 180deg;
  }
  [part=notice],
  [part=preset] {
    --k: var(--_m);
    display: flex;
    gap: 12px;
    padding: 12px 16px;
    border: 1px solid color-mix(in srgb, var(--k) 40%, transparent);
    border-radius: var(--_r);
    background: color-mix(in srgb, var(--k) 8%, transparent);
  }
  [part=notice][class=""] {
    display: contents;
  }
  [part=notice][class=""] > div {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .ok {
    --k: var(--oauth-cc-success, light-dark(#1a7f37, #3fb950));
  }
  .ok output {
    font-weight: 600;
  }
  .error {
    --k: var(--_e);
  }
  .warn {
    --k: light-dark(#9a6700, #d29922);
  }
  code {
    font: 0.8125rem/1.5 ui-monospace, monospace;
  }
  [part=jwks] {
    flex: 1;
    padding: 8px 12px;
    border-radius: var(--_r);
    background: color-mix(in srgb, currentColor 6%, transparent);
  }
  [part=heading] {
    margin: 0;
    font-weight: 600;
  }
  [part=preset] {
    font-size: 0.875rem;
  }
  ol {
    margin: 0 0 12px;
    padding-inline-start: 20px;
  }
  a {
    width: fit-content;
    color: var(--_a);
    font-weight: 500;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  @media (forced-colors: active) {
    [aria-disabled=true] {
      color: GrayText;
    }
  }
`);
