import { minify } from 'terser';
import { defineConfig, parseAst, type Plugin } from 'vite';

type Template = { type: string; quasis: { start: number; end: number }[] };
type Node = {
  type?: string;
  tag?: { name?: string };
  quasi?: Template;
  callee?: { name?: string };
  arguments?: Template[];
};

const squeeze = {
  html: (text: string) =>
    text
      .replace(/\s+/g, ' ')
      .replace(/> | </g, (m) => m.trim())
      .replace(/="([\w-]+)"/g, '=$1'),
  css: (text: string) =>
    text
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      .replace(/\b0\./g, '.')
      .replace(/@media \(/g, '@media(')
      .trim(),
};

/**
 * Minifiers keep template text verbatim, so the element's html`` templates and its
 * unsafeCSS(`…`) stylesheet would ship their source indentation. This squeezes it out of builds:
 * in HTML a run of whitespace renders as one space anyway (the element has no <pre>), none is
 * needed next to a tag (its templates put no text beside an element), nor quotes around a
 * one-word attribute value; in CSS, space next to `{ } ; , :`, after `@media` or at either end
 * means nothing.
 */
function squeezeTemplates(): Plugin {
  return {
    name: 'squeeze-lit-templates',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!id.includes('/widget/')) return;
      const edits: [number, number, string][] = [];
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        const { type, tag, quasi, callee, arguments: args } = node as Node;
        const [template, lang] =
          type === 'TaggedTemplateExpression' && tag?.name === 'html'
            ? [quasi, 'html' as const]
            : type === 'CallExpression' && callee?.name === 'unsafeCSS' && args?.[0]?.type === 'TemplateLiteral'
              ? [args[0], 'css' as const]
              : [];
        for (const { start, end } of template?.quasis ?? [])
          edits.push([start, end, squeeze[lang!](code.slice(start, end))]);
        Object.values(node).forEach(visit);
      };
      visit(parseAst(code));
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0]))
        code = code.slice(0, start) + text + code.slice(end);
      return { code, map: null };
    },
  };
}

/**
 * Terser's compressor ahead of the bundle's own minifier (oxc, which still mangles and prints):
 * it substitutes functions used once into their callers and drops unused parameters, which oxc
 * does not do yet; in Lit that removes the `(name, _) => name` property-renaming helper.
 * `inline: 1` flattens only argument-free bodies (flattening the others costs bytes here);
 * `keep_fargs: false` is safe as nothing in the bundle reads a function's `length`. It also
 * shortens Lit's `_$XX` internals (`_$AH` …; the long `_$litType$`, `_$litDirective$` … stay):
 * safe only because `trimLit()` removed the hooks that patch them by name. The bundle's tests
 * (`npm run test:bundle`) run against the result.
 */
function compressFirst(): Plugin {
  return {
    name: 'terser-compress',
    async renderChunk(code) {
      const result = await minify(code, {
        module: true,
        ecma: 2022,
        compress: { passes: 4, inline: 1, keep_fargs: false },
        mangle: { properties: { regex: /^_\$[A-Z][A-Za-z_]?$/ } },
      });
      return { code: result.code!, map: null };
    },
  };
}

/**
 * Cuts from Lit, in the self-contained bundle only, what can do nothing for a private copy of
 * it: the SSR hydration hook (hydrating needs this same copy on the server), the polyfill hooks
 * and the ShadyCSS / no-constructable-stylesheet fallback (the element needs ElementInternals
 * custom states, and every browser that has them adopts stylesheets natively and needs none of
 * Lit's polyfills), the version registries (they only let a dev-mode Lit warn of several
 * copies), the decorator metadata (nobody decorates a subclass of the bundled class), and reactive
 * controllers and initializers (the element has none, and nothing outside can add one). The
 * library build, where Lit is the app's own, keeps all of it. With the hooks gone nothing
 * outside the bundle patches Lit's short `_$XX` internals by name, so `compressFirst()` may
 * mangle them. `#` in a pattern stands for a name or version; each pattern is replaced by the
 * text after it ('' removes it). Every pattern must match exactly once and every file must be
 * seen: a Lit upgrade that moves this code fails the build instead of silently shipping it (or
 * mangling names a surviving hook uses).
 */
function trimLit(): Plugin {
  const edits: Record<string, [string, string][]> = {
    '@lit/reactive-element/css-tag.js': [
      [
        '#.ShadowRoot&&(void 0===#.ShadyCSS||#.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype',
        '!0',
      ],
    ],
    '@lit/reactive-element/reactive-element.js': [
      ['#=#.reactiveElementPolyfillSupport,', ''],
      ['Symbol.metadata??=Symbol("metadata"),#.litPropertyMetadata??=new WeakMap;', ''],
      [
        'const #=this[Symbol.metadata];if(null!==#){const #=litPropertyMetadata.get(#);if(void 0!==#)for(const[#,#]of #)this.elementProperties.set(#,#)}',
        '',
      ],
      [',#?.({ReactiveElement:#}),(#.reactiveElementVersions??=[]).push("#")', ''],
      // Reactive controllers and initializers: the element uses neither, and nothing outside a
      // private copy of Lit can add one to the bundled class.
      ['static addInitializer(#){this._$Ei(),(this.l??=[]).push(#)}', ''],
      [',this.constructor.l?.forEach(#=>#(this))', ''],
      [
        'addController(#){(this._$EO??=new Set).add(#),void 0!==this.renderRoot&&this.isConnected&&#.hostConnected?.()}removeController(#){this._$EO?.delete(#)}',
        '',
      ],
      [',this._$EO?.forEach(#=>#.hostConnected?.())', ''],
      ['this._$EO?.forEach(#=>#.hostDisconnected?.())', ''],
      ['this._$EO?.forEach(#=>#.hostUpdate?.()),', ''],
      ['this._$EO?.forEach(#=>#.hostUpdated?.()),', ''],
    ],
    'lit-html/lit-html.js': [[',#=#.litHtmlPolyfillSupport;#?.(#,#),(#.litHtmlVersions??=[]).push("#")', '']],
    'lit-element/lit-element.js': [
      [',#.litElementHydrateSupport?.({LitElement:#});const #=#.litElementPolyfillSupport;#?.({LitElement:#})', ''],
      ['(#.litElementVersions??=[]).push("#");', ''],
    ],
  };
  const unseen = new Set(Object.keys(edits));
  return {
    name: 'trim-lit',
    apply: 'build',
    transform(code, id) {
      const file = Object.keys(edits).find((name) => id.endsWith(`/node_modules/${name}`));
      if (!file) return;
      unseen.delete(file);
      for (const [edit, replacement] of edits[file]!) {
        const pattern = new RegExp(edit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/#/g, '[\\w$.]+'), 'g');
        const found = code.match(pattern)?.length ?? 0;
        if (found !== 1) this.error(`trim-lit: ${file} matched ${found} times, not once: ${edit}`);
        code = code.replace(pattern, replacement);
      }
      return { code, map: null };
    },
    buildEnd() {
      if (unseen.size) this.error(`trim-lit: never saw ${[...unseen].join(', ')}`);
    },
  };
}

// Two library builds from one config. The default mode emits the package's modules with Lit
// (and React, @lit/react for the wrapper) left external, so an app that already has them ships one copy. `--mode bundle` emits the
// self-contained, minified module for a plain <script type="module">, which has a size budget.
// Vite's ES library output keeps whitespace and /* @__PURE__ */ annotations; a script tag
// needs neither, hence `minify` and `comments` on the bundle's output. `comments: false` also
// drops Lit's @license headers: BSD-3-Clause asks for the notice "in the documentation and/or
// other materials provided with the distribution", and the package ships it in full as
// THIRD_PARTY_NOTICES.md rather than as a line in a size-budgeted file.

/**
 * The package's modules (package.json `exports`): the element, its registration, the React
 * wrapper, and one module per locale, each separate so that none of them grows the bundle.
 */
const LIBRARY_ENTRIES = {
  index: 'widget/index.ts',
  define: 'widget/define.ts',
  react: 'widget/react.ts',
  server: 'server/index.ts',
  ...Object.fromEntries(['de', 'fr', 'es', 'ja'].map((lang) => [`locales/${lang}`, `widget/locales/${lang}.ts`])),
};

export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  return {
    plugins: bundle ? [trimLit(), squeezeTemplates(), compressFirst()] : [squeezeTemplates()],
    build: {
      target: 'es2022',
      emptyOutDir: !bundle,
      lib: bundle
        ? { entry: 'widget/define.ts', formats: ['es'], fileName: () => 'oauth-cc-connect.bundle.js' }
        : { entry: LIBRARY_ENTRIES, formats: ['es'] },
      rollupOptions: bundle
        ? { output: { minify: true, comments: false } }
        : {
            external: [/^(lit|react|@lit\/react)(\/|$)/],
            // The React wrapper's `'use client'` (React Server Components) opens its own entry
            // chunk, so it is kept; the warning that a directive may be lost does not apply.
            onwarn(warning, warn) {
              if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.endsWith('/widget/react.ts')) return;
              warn(warning);
            },
          },
    },
  };
});
