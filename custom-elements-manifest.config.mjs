// `npm run analyze`: custom-elements.json from the element's class JSDoc (@fires @slot @csspart
// @cssprop). It is committed; the demo's API table reads it.

/**
 * Two corrections the analyzer needs for this element. Lit's `state: true` properties have no
 * attribute, but the analyzer only recognises `attribute: false`. And `dispatchEvent(new X())`
 * yields a nameless event entry beside the `@fires` tags that already document it.
 */
function litStatesAndTypedEvents() {
  const states = new Set();
  return {
    name: 'lit-states-and-typed-events',
    analyzePhase({ ts, node }) {
      const isStateFlag =
        ts.isPropertyAssignment(node) && node.name.getText() === 'state' && node.initializer.kind === ts.SyntaxKind.TrueKeyword;
      if (isStateFlag) states.add(node.parent.parent.name.getText());
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((mod) => mod.declarations ?? [])) {
        declaration.attributes = declaration.attributes?.filter((attribute) => !states.has(attribute.fieldName));
        declaration.events = declaration.events?.filter((event) => event.name);
        for (const member of declaration.members ?? []) if (states.has(member.name)) delete member.attribute;
      }
    },
  };
}

export default {
  globs: ['widget/*.ts'],
  outdir: '.',
  litelement: true,
  // package.json's `customElements` field is set by hand; the analyzer must not rewrite the file.
  packagejson: false,
  plugins: [litStatesAndTypedEvents()],
};
