import { unsafeCSS } from 'lit';

// Terse on purpose: the bundle has a size budget, and the build squeezes out only whitespace.
// Light and dark: `color-scheme: light dark` makes the system colours (Canvas, CanvasText, the
// inputs' Field) and `light-dark()` follow the reader's prefers-color-scheme, so the element is
// legible whatever the page behind it; a host forces one scheme with `color-scheme` on the
// element, and the accent follows. System colours also hold in forced colours, where
// aria-disabled, unlike disabled, gets no colour of its own, hence GrayText.
// A constant string through `unsafeCSS` is as safe as the `css` tag, and spares the tag's code.
export const styles = unsafeCSS(/* css */ `
  :host {
    --_a: var(--oauth-cc-accent, light-dark(#0b57d0, #a8c7fa));
    --_e: var(--oauth-cc-error, light-dark(#b3261e, #f2b8b5));
    color-scheme: light dark;
    color: var(--oauth-cc-color, CanvasText);
    background: var(--oauth-cc-background, Canvas);
    font: var(--oauth-cc-font, inherit);
    overflow-wrap: anywhere;
  }
  :host,
  form,
  div {
    display: grid;
    gap: var(--oauth-cc-spacing, 0.75rem);
  }
  span {
    display: flex;
    gap: 0.5rem;
  }
  input,
  button {
    font: inherit;
    padding: 0.5em;
    border: 1px solid;
    border-radius: var(--oauth-cc-radius, 6px);
  }
  input {
    flex: 1;
  }
  [part=button] {
    background: var(--_a);
    color: var(--oauth-cc-accent-text, Canvas);
    border-color: var(--_a);
  }
  [aria-invalid=true] {
    border: 2px solid var(--_e);
  }
  [part=error],
  :host(:state(failed)) output {
    color: var(--_e);
  }
  :focus-visible {
    outline: 2px solid var(--_a);
    outline-offset: 2px;
  }
  [aria-disabled=true] {
    opacity: 0.6;
  }
  @media (forced-colors: active) {
    [aria-disabled=true] {
      color: GrayText;
    }
  }
`);
