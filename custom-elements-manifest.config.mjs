// `npm run analyze`: custom-elements.json from the element's class JSDoc (@fires @slot @csspart
// @cssprop). It is committed; the demo's API table reads it. Members tagged `@internal` are left
// out by the analyzer itself.

/**
 * One correction the analyzer needs for this element: `dispatchEvent(new X())` yields a nameless
 * event entry beside the `@fires` tags that already document it.
 */
function typedEvents() {
  return {
    name: 'typed-events',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((mod) => mod.declarations ?? [])) {
        declaration.events = declaration.events?.filter((event) => event.name);
      }
    },
  };
}

export default {
  globs: ['widget/*.ts'],
  // The React wrapper registers the same class under the same tag; the analyzer would list it as
  // a second definition (named after its variable, pointing at its import alias).
  exclude: ['widget/react.ts'],
  outdir: '.',
  litelement: true,
  // package.json's `customElements` field is set by hand; the analyzer must not rewrite the file.
  packagejson: false,
  plugins: [typedEvents()],
};
