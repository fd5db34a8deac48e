// `npm run test:package`: the package as a user gets it. Builds, packs the tarball, installs it
// into a fresh project (from npm's cache when it can, else the registry), then imports every
// entry of `exports` from Node, builds a small Vite app with it, and runs publint and
// arethetypeswrong on the tarball.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
const LANGS = ['de', 'fr', 'es', 'ja'];
const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };

const exec = promisify(execFile);
const sh = (file, args, cwd) => exec(file, args, { cwd, env, maxBuffer: 64 << 20 });

/** Runs `source` as an ES module in a fresh Node process inside the app, and returns what it prints as JSON. */
async function inApp(source) {
  const { stdout } = await sh(process.execPath, ['--input-type=module', '-e', source], app);
  return JSON.parse(stdout);
}

let dir;
let app;
let tarball;
let packed;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oauth-cc-connect-pack-'));
  app = join(dir, 'app');
  // `npm test` builds the package once for every step that tests it (OAUTH_CC_PREBUILT).
  if (process.env.OAUTH_CC_PREBUILT !== '1') await sh('npm', ['run', '-s', 'build'], ROOT);
  const { stdout } = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  [packed] = JSON.parse(stdout);
  tarball = join(dir, packed.filename);
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const react = pkg.devDependencies.react;
  await sh(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--no-package-lock',
      tarball,
      `react@${react}`,
      `react-dom@${react}`,
    ],
    app,
  );
});

after(() => rm(dir, { recursive: true, force: true }));

test('the tarball holds the built package and nothing of the sources', () => {
  const paths = packed.files.map((file) => file.path);
  for (const path of paths)
    assert.match(path, /^(dist\/|custom-elements\.json$|package\.json$|README\.md$|LICENSE$|THIRD_PARTY_NOTICES\.md$)/);
  for (const path of ['dist/index.js', 'dist/define.js', 'dist/react.js', 'dist/oauth-cc-connect.bundle.js'])
    assert.ok(paths.includes(path), path);
  for (const lang of LANGS) assert.ok(paths.includes(`dist/locales/${lang}.js`), lang);
});

test('publint finds nothing to fix', async () => {
  const { messages } = await publint({ pack: { tarball: (await readFile(tarball)).buffer }, level: 'suggestion' });
  assert.deepEqual(messages, []);
});

test('arethetypeswrong: every entry resolves, with types, from Node (ESM) and bundlers', async () => {
  // ESM only: CommonJS `require` and pre-`exports` resolution (node10) are not offered.
  const locales = LANGS.map((lang) => `./locales/${lang}.js`);
  const attw = fileURLToPath(new URL('dist/index.js', import.meta.resolve('@arethetypeswrong/cli/package.json')));
  const args = [tarball, '--profile', 'esm-only', '--format', 'json', '--include-entrypoints', ...locales];
  // It exits 1 when it finds a problem; the report says which.
  const { stdout } = await sh(process.execPath, [attw, ...args], ROOT).catch((error) => error);
  const { analysis, problems = {} } = JSON.parse(stdout);
  const offered = Object.values(problems)
    .flat()
    .filter(({ resolutionKind }) => !['node10', 'node16-cjs'].includes(resolutionKind));
  assert.deepEqual(offered, []);
  // Every subpath of `exports`, with the locales pattern's files in place of the pattern.
  for (const entry of [...Object.keys(pkg.exports).filter((key) => !key.includes('*')), ...locales]) {
    const resolutions = analysis.entrypoints[entry]?.resolutions;
    assert.ok(resolutions, `${entry} is checked`);
    for (const kind of ['node16-esm', 'bundler']) {
      const { resolution } = resolutions[kind];
      assert.ok(resolution?.fileName, `${entry} (${kind}) resolves`);
      if (!entry.endsWith('.json')) assert.ok(resolution.isTypeScript, `${entry} (${kind}) has types`);
    }
  }
});

test('Node imports the element module (Lit’s server build stands in for the DOM)', async () => {
  const result = await inApp(`
    const m = await import('oauth-cc-connect');
    console.log(JSON.stringify({
      element: typeof m.OAuthCcConnect,
      events: [m.OAuthCcConnectedEvent, m.OAuthCcFailedEvent, m.OAuthCcCancelledEvent].map((c) => typeof c),
      connect: m.defaultStrings.connect,
      registered: globalThis.customElements?.get('oauth-cc-connect') !== undefined,
    }));`);
  assert.deepEqual(result, {
    element: 'function',
    events: ['function', 'function', 'function'],
    connect: 'Connect',
    registered: false,
  });
});

test('Node imports define.js, which registers the tag in Lit’s server-side registry', async () => {
  const result = await inApp(`
    const { OAuthCcConnect } = await import('oauth-cc-connect');
    await import('oauth-cc-connect/define.js');
    console.log(JSON.stringify(customElements.get('oauth-cc-connect') === OAuthCcConnect));`);
  assert.equal(result, true);
});

test('oauth-cc-connect/react imports and renders on a server without registering anything', async () => {
  const result = await inApp(`
    const { OAuthCcConnect } = await import('oauth-cc-connect/react');
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const html = renderToString(createElement(OAuthCcConnect, { endpoint: 'https://connect.example.com', sessionToken: 't' }));
    console.log(JSON.stringify({
      type: String(OAuthCcConnect.$$typeof),
      html,
      registered: globalThis.customElements?.get('oauth-cc-connect') !== undefined,
    }));`);
  // The bare tag: with nothing registered, Lit has not made the class's property accessors, so
  // React writes string props as attributes; in the browser they become properties.
  assert.match(result.html, /^<oauth-cc-connect[^>]*><\/oauth-cc-connect>$/);
  assert.equal(result.type, 'Symbol(react.forward_ref)');
  assert.equal(result.registered, false);
  const source = await readFile(join(app, 'node_modules/oauth-cc-connect/dist/react.js'), 'utf8');
  assert.match(source, /^["']use client["'];/, 'a client component for React Server Components');
});

test('every locale imports, named and default, with every string', async () => {
  const result = await inApp(`
    const out = {};
    for (const lang of ${JSON.stringify(LANGS)}) {
      const m = await import('oauth-cc-connect/locales/' + lang + '.js');
      out[lang] = { same: m.default === m[lang], keys: Object.keys(m.default).length, errors: Object.keys(m.default.errors).length };
    }
    const { defaultStrings } = await import('oauth-cc-connect');
    out.keys = Object.keys(defaultStrings).length;
    console.log(JSON.stringify(out));`);
  // Which keys and codes: test/widget/locales.test.ts. Here: the same shape in every module.
  for (const lang of LANGS) {
    assert.equal(result[lang].same, true, lang);
    assert.equal(result[lang].keys, result.keys, lang);
    assert.equal(result[lang].errors, result.de.errors, lang);
  }
});

test('custom-elements.json, bundle.js and package.json resolve; unexported paths do not', async () => {
  const result = await inApp(`
    const { readFileSync } = await import('node:fs');
    const manifest = (await import('oauth-cc-connect/custom-elements.json', { with: { type: 'json' } })).default;
    const bundle = readFileSync(new URL(import.meta.resolve('oauth-cc-connect/bundle.js')), 'utf8');
    const { name } = (await import('oauth-cc-connect/package.json', { with: { type: 'json' } })).default;
    let closed = '';
    try { import.meta.resolve('oauth-cc-connect/dist/index.js'); } catch (error) { closed = error.code; }
    console.log(JSON.stringify({
      tags: manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean),
      bundle: bundle.includes('oauth-cc-connect') && !/from\\s*["']lit/.test(bundle),
      name,
      closed,
    }));`);
  assert.deepEqual(result, {
    tags: ['oauth-cc-connect'],
    bundle: true,
    name: 'oauth-cc-connect',
    closed: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
  });
});

test('./server imports in Node with its whole API, and nothing of the Worker', async () => {
  const result = await inApp(`
    const m = await import('oauth-cc-connect/server');
    const client = m.createClient({ endpoint: 'https://connect.example.com', adminKey: 'k' });
    console.log(JSON.stringify({ exports: Object.keys(m).sort(), methods: Object.keys(client).sort() }));`);
  assert.deepEqual(result.exports, ['OAuthCcError', 'WebhookVerificationError', 'createClient', 'verifyWebhook']);
  assert.deepEqual(result.methods, [
    'checkConnection',
    'createSession',
    'deleteConnection',
    'getConnection',
    'getToken',
    'listConnections',
    'listEvents',
  ]);
});

test('a Vite app builds with the element, the React wrapper and a locale', async () => {
  await writeFile(join(app, 'index.html'), '<div id="app"></div><script type="module" src="./main.js"></script>');
  await writeFile(
    join(app, 'main.js'),
    `import { defaultStrings } from 'oauth-cc-connect';
import { OAuthCcConnect } from 'oauth-cc-connect/react';
import fr from 'oauth-cc-connect/locales/fr.js';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('app')).render(
  createElement(OAuthCcConnect, { endpoint: 'https://connect.example.com', strings: { ...defaultStrings, ...fr } }),
);
`,
  );
  const output = await build({
    root: app,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: join(dir, 'vite-dist'), minify: false, write: false },
  });
  const code = [output]
    .flat()
    .flatMap(({ output: files }) => files)
    .filter((file) => file.type === 'chunk')
    .map((file) => file.code)
    .join('\n');
  for (const text of ['Secret client', 'oauth-cc-connected', 'customElements.define', 'createRoot'])
    assert.ok(code.includes(text), text);
});
