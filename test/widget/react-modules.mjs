// React for the wrapper's tests in the browser. React ships only CommonJS (reading
// `process.env.NODE_ENV`), which the dev server cannot serve as modules, so esbuild bundles it
// once into ES modules, one per specifier the tests and the wrapper import, sharing one copy of
// React; this plugin resolves those specifiers to them and serves them from memory.
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const SPECIFIERS = ['react', 'react-dom', 'react-dom/client'];
const PREFIX = '/__react/';
const fileOf = (specifier) => `${specifier.replace('/', '-')}.js`;

/** An ES module re-exporting a CommonJS module's exports by name (esbuild alone would give only `default`). */
function facade(specifier) {
  const names = Object.keys(require(specifier)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  return `import m from '${specifier}';\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`;
}

async function bundle() {
  const { outputFiles } = await build({
    entryPoints: SPECIFIERS.map((specifier) => ({ in: `facade:${specifier}`, out: fileOf(specifier).slice(0, -3) })),
    plugins: [
      {
        name: 'facades',
        setup(b) {
          b.onResolve({ filter: /^facade:/ }, ({ path }) => ({ path: path.slice(7), namespace: 'facade' }));
          b.onLoad({ filter: /.*/, namespace: 'facade' }, ({ path }) => ({
            contents: facade(path),
            resolveDir: process.cwd(),
          }));
        },
      },
    ],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: PREFIX,
    write: false,
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  return new Map(outputFiles.map((file) => [file.path, file.text]));
}

export function reactModules() {
  let files;
  return {
    name: 'react-modules',
    async serverStart() {
      files = await bundle();
    },
    resolveImport({ source }) {
      if (SPECIFIERS.includes(source)) return PREFIX + fileOf(source);
    },
    serve({ path }) {
      if (files.has(path)) return { body: files.get(path), type: 'js' };
    },
  };
}
