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
      .replace(/ ?([{};,>]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      .replace(/\b0\./g, '.')
      .replace(/@media \(/g, '@media(')
      .trim(),
};

/**
 * Minifiers keep template text verbatim, so the element's html`` templates and its
 * stylesheet(`…`) would ship their source indentation. This squeezes it out of builds:
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
            : type === 'CallExpression' && callee?.name === 'stylesheet' && args?.[0]?.type === 'TemplateLiteral'
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
 * `keep_fargs: false` is safe as nothing in the bundle reads a function's `length`;
 * `pure_getters` lets it drop reads whose value goes unused (what `trimLit()` leaves behind,
 * such as `trustedTypes.emptyScript`), safe as no getter in the bundle is read for its effect. It also
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
        compress: { passes: 4, inline: 1, keep_fargs: false, pure_getters: true },
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
 * copies), the decorator metadata (nobody decorates a subclass of the bundled class), reactive
 * controllers and initializers (the element has none, and nothing outside can add one), and
 * what only features the element does not use need: attribute reflection, custom converters,
 * directives (and the part bookkeeping only they read), svg``/mathml`` templates, bindings in
 * comments or raw-text elements, listener objects, and the lifecycle hooks a subclass would
 * override. The element's own templates and properties are what is left to run; the bundle's
 * tests (`npm run test:bundle`) run them on the result. The library build, where Lit is the
 * app's own, keeps all of it. With the hooks gone nothing outside the bundle patches Lit's short
 * `_$XX` internals by name, so `compressFirst()` may mangle them. In a pattern `#` stands for a
 * name or version, and `@` for one the replacement uses again (`$1`, `$2`… in order); each
 * pattern is replaced by the text after it ('' removes it). Every pattern must match exactly
 * once and every file must be seen: a Lit upgrade that moves this code fails the build instead
 * of silently shipping it (or mangling names a surviving hook uses).
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
      // Attribute reflection: no property of the element reflects (none says `reflect: true`).
      [
        '_$ET(#,#){const #=this.constructor.elementProperties.get(#),#=this.constructor._$Eu(#,#);if(void 0!==#&&!0===#.reflect){const #=(void 0!==#.converter?.toAttribute?#.converter:#).toAttribute(#,#.type);this._$Em=#,null==#?this.removeAttribute(#):this.setAttribute(#,#),this._$Em=null}}',
        '',
      ],
      [',!0===#&&this._$Em!==#&&(this._$Eq??=new Set).add(#)', ''],
      ['this._$Eq&&=this._$Eq.forEach(#=>this._$ET(#,this[#])),', ''],
      [
        'toAttribute(#,#){switch(#){case Boolean:#=#?#:null;break;case Object:case Array:#=null==#?#:JSON.stringify(#)}return #},',
        '',
      ],
      // `useDefault` and `wrapped` (accessors declared on the class, decorators' `accessor`): unused.
      ['||#.useDefault&&#.reflect&&#===this._$Ej?.get(#)&&!this.hasAttribute(#._$Eu(#,#))', ''],
      ['#&&!(this._$Ej??=new Map).has(#)&&(this._$Ej.set(#,#??#??this[#]),!0!==#||void 0!==#)||', ''],
      ['??this._$Ej?.get(#)??#,', ','],
      ['this.prototype.hasOwnProperty(#)&&((#=Object.create(#)).wrapped=!0),', ''],
      [
        'const #=this.constructor.elementProperties;if(#.size>0)for(const[#,#]of #){const{wrapped:#}=#,#=this[#];!0!==#||this._$AL.has(#)||void 0===#||this.C(#,void 0,#,#)}',
        '',
      ],
      // Without reflection, no attribute change can be the echo of a reflected property.
      ['&&this._$Em!==#)', ')'],
      ['this._$Em=#;', ''],
      [',this._$Em=null}', '}'],
      [',this._$Em=null,', ','],
      // Custom converters, `hasChanged` and `state` options: the properties declare none.
      [
        '@="function"==typeof #.converter?{fromAttribute:#.converter}:void 0!==#.converter?.fromAttribute?#.converter:@',
        '$1=$2',
      ],
      ['(#.hasChanged??@)(', '$1('],
      ['if(#.state&&(#.attribute=!1),', 'if('],
      // Object, Array and Boolean attributes: the element's attributes are strings and numbers.
      ['case Boolean:#=null!==#;break;', ''],
      ['case Object:case Array:try{#=JSON.parse(#)}catch(#){#=null}', ''],
      // `static styles` is one stylesheet, never an array; properties are named, never symbols.
      ['if(Array.isArray(#)){const #=new Set(#.flat(1/0).reverse());for(const # of #)#.unshift(#(#))}else ', ''],
      [',...#(#)]', ']'],
      // Lifecycle hooks a subclass could override (scheduleUpdate, shouldUpdate, firstUpdated,
      // getUpdateComplete) and initializers: the bundled class is final, and overrides none.
      ['void 0!==#.l&&(this.l=[...#.l]),', ''],
      [
        'const #=this.scheduleUpdate();return null!=#&&await #,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}',
        'return this.performUpdate(),!this.isUpdatePending}',
      ],
      [
        '@=this.shouldUpdate(@),#?(this.willUpdate(#),this.update(#)):this._$EM()',
        '$1=!0,this.willUpdate($2),this.update($2)',
      ],
      ['shouldUpdate(#){return!0}', ''],
      ['this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(#)),', 'this.hasUpdated=!0,'],
      ['firstUpdated(#){}', ''],
      [
        'get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}',
        'get updateComplete(){return this._$ES}',
      ],
      ['!1===#&&(@=this[@]),', '$1=this[$2],'],
    ],
    'lit-html/lit-html.js': [
      [',#=#.litHtmlPolyfillSupport;#?.(#,#),(#.litHtmlVersions??=[]).push("#")', ''],
      // Directives: the element's templates use none, and nothing outside can hand one to them,
      // so resolving a value is returning it. Without directives no part is ever an element
      // part (`<div ${ref()}>`).
      [
        'function @(@,@,#=#,#){if(#===#)return #;let #=void 0!==#?#._$Co?.[#]:#._$Cl;const #=#(#)?void 0:#._$litDirective$;return #?.constructor!==#&&(#?._$AO?.(!1),void 0===#?#=void 0:(#=new #(#),#._$AT(#,#,#)),void 0!==#?(#._$Co??=[])[#]=#:#._$Cl=#),void 0!==#&&(#=#(#,#._$AS(#,#.values),#,#)),#}',
        'function $1($2,$3){return $3}',
      ],
      ['else #.startsWith(#)&&(#.push({type:6,index:#}),#.removeAttribute(#))', ''],
      [':6===#.type&&(#=new #(#,this,#))', ':0'],
      [
        'class #{constructor(#,#,#){this.element=#,this.type=6,this._$AN=void 0,this._$AM=#,this.options=#}get _$AU(){return this._$AM._$AU}_$AI(#){#(this,#)}}',
        '',
      ],
      [',F:#}', '}'],
      // svg`` and mathml`` templates: the element writes its icons inside html``.
      ['@=2===#?"<svg>":3===#?"<math>":"",', '$1="",'],
      ['+(2===#?"</svg>":3===#?"</math>":"")', ''],
      [',2===#||3===#){const #=this.el.content.firstChild;#.replaceWith(...#.childNodes)}', '){}'],
      // Connectedness of parts, and a part's position getters: only directives read them.
      ['get _$AU(){return this._$AM?._$AU??this._$Cv}', ''],
      [',this._$Cv=#?.isConnected??!0', ''],
      [
        'get parentNode(){let #=this._$AA.parentNode;const #=this._$AM;return void 0!==#&&11===#?.nodeType&&(#=#.parentNode),#}get startNode(){return this._$AA}get endNode(){return this._$AB}',
        '',
      ],
      ['this._$AP?.(!1,!0,#);', ';'],
      ['setConnected(#){void 0===this._$AM&&(this._$Cv=#,this._$AP?.(#))}', ''],
      ['get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}', ''],
      ['get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}', ''],
      // Event bindings: the element's listeners are functions (no listener objects or options),
      // bound for good; so one addEventListener when first bound, then only the function swaps.
      [
        '_$AI(@,#=this){if((#=#(this,#,#,0)??@)===#)return;const #=this._$AH,#=#===#&&#!==#||#.capture!==#.capture||#.once!==#.once||#.passive!==#.passive,#=#!==#&&(#===#||#);#&&this.element.removeEventListener(this.name,this,#),#&&this.element.addEventListener(this.name,this,#),this._$AH=#}handleEvent(#){"function"==typeof this._$AH?this._$AH.call(this.options?.host??this.element,#):this._$AH.handleEvent(#)}',
        '_$AI($1){this._$AH===$2&&this.element.addEventListener(this.name,this),this._$AH=$1}handleEvent($1){this._$AH.call(this.options.host,$1)}',
      ],
      ['(#?.creationScope??@).importNode', '$1.importNode'],
      // A child binding's value is text, a template result or an array of them: never a DOM
      // node, a template compiled ahead of time (lit's compiler), or another kind of iterable.
      ['@=#=>@(#)||"function"==typeof #?.[Symbol.iterator]', '$1=$2'],
      ['void 0!==#.nodeType?this.T(#):', ''],
      [
        '"number"==typeof @?this._$AC(@):(void 0===#.el&&(#.el=#.createElement(#(#.h,#.h[0]),this.options)),#)',
        'this._$AC($2)',
      ],
      // With no directives, resolving a value is the value itself: the calls go too.
      ['#=#(this,#,#),@(', '$1('],
      ['@=#(this,@,#,0),', '$1=$2,'],
      ['@=#(this,@[@+@],#,#),', '$1=$2[$3+$4],'],
      // What only directives and devtools read of a part: its type, its disconnectable children.
      ['this.type=2,', ''],
      ['this.type=1,', ''],
      ['constructor(){super(...arguments),this.type=3}', ''],
      ['constructor(){super(...arguments),this.type=4}', ''],
      ['constructor(#,#,#,#,#){super(#,#,#,#,#),this.type=5}', ''],
      ['this._$AN=void 0,this._$AD', 'this._$AD'],
      ['this._$AN=void 0,this._$AA', 'this._$AA'],
      ['this._$AN=void 0,this.element', 'this.element'],
      // Bindings inside comments (<!-- ${x} -->): the templates have none.
      ['else{let #=-1;for(;-1!==(#=#.data.indexOf(#,#+1));)#.push({type:7,index:#}),#+=#.length-1}', ''],
      // `renderBefore`: the element renders into its own shadow root, from the start.
      ['#?.renderBefore??null;', 'null;'],
      ['#?.renderBefore??@;', '$1;'],
      // Bindings inside <script>, <style>, <textarea> or <title>: the templates have none.
      ['#.test(#[2])&&(#=RegExp("</"+#[2],"g")),', ''],
      [
        'if(#.test(#.tagName)){const #=#.textContent.split(#),#=#.length-1;if(#>0){#.textContent=#?#.emptyScript:"";for(let #=0;#<#;#++)#.append(#[#],#()),#.nextNode(),#.push({type:2,index:++#});#.append(#[#],#())}}',
        '',
      ],
    ],
    'lit-element/lit-element.js': [
      [',#.litElementHydrateSupport?.({LitElement:#});const #=#.litElementPolyfillSupport;#?.({LitElement:#})', ''],
      ['(#.litElementVersions??=[]).push("#");', ''],
      // What only directives and the <style> fallback use (see lit-html above, and css-tag).
      [
        'createRenderRoot(){const #=super.createRenderRoot();return this.renderOptions.renderBefore??=#.firstChild,#}',
        '',
      ],
      ['this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),', ''],
      [
        'connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}',
        '',
      ],
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
        const pattern = new RegExp(
          edit
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/#/g, '[\\w$.]+')
            .replace(/@/g, '([\\w$.]+)'),
          'g',
        );
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
