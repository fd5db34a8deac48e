// `npm run lint` (with Prettier and knip). Syntax-only typescript-eslint (no type information),
// so a full run stays at a few seconds; `tsc` in `npm run typecheck` does the type checking.
// Formatting belongs to Prettier, so nothing here is about layout. Imports are not sorted:
// ESLint's own `sort-imports` cannot order declarations by source without a plugin.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';

/**
 * worker/'s folders, lowest first: each imports only its own folder and those before it
 * (eslint/layers.js). Cross-cutting pieces sit low (the failure type, the key ring, the URL
 * policy and its fetch, configuration, HTTP helpers); features build on them; the routes'
 * composition (worker/*.ts) is above all.
 */
const WORKER_FOLDERS = [
  'common',
  'crypto',
  'outbound',
  'config',
  'http',
  'keys',
  'exchange',
  'events',
  'webhooks',
  'providers',
  'connections',
  'sessions',
  'discovery',
  'connect',
  'admin',
  'openapi',
  'sandbox',
];

/** An import of another side of the product: see "Imports run one way" in DESIGN.md. */
const forbidImports = (message, ...regexes) => ['error', { patterns: regexes.map((regex) => ({ regex, message })) }];

export default defineConfig([
  globalIgnores([
    '**/dist/',
    '**/.wrangler/',
    '**/node_modules/',
    '.screenshots/',
    'docs/',
    'custom-elements.json',
    'worker-configuration.d.ts',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  js.configs.recommended,
  tseslint.configs.recommended,

  // Everywhere: rules that catch defects rather than taste.
  {
    rules: {
      // `tsc` reports unused locals too; this agrees with its `_` convention so both can be on.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          // `const { clientSecret, ...safe } = input` is how a secret is left out of a value.
          ignoreRestSiblings: true,
        },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-constructor-return': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
      'array-callback-return': 'error',
      'default-case-last': 'error',
    },
  },

  // Browser code: the element, the demo page, the element's tests.
  {
    files: ['widget/**', 'demo/**', 'test/widget/**/*.ts'],
    ignores: ['demo/vite.config.ts'],
    languageOptions: { globals: globals.browser },
  },

  // The element: Lit and custom-element rules, and no way back into the Worker or the demo.
  {
    files: ['widget/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
    rules: {
      'lit/lifecycle-super': 'error',
      // Off on purpose: with `useDefineForClassFields: false` (DESIGN.md) a field initialiser is
      // an assignment in the constructor and goes through Lit's accessor; the build keeps that.
      'lit/no-classfield-shadowing': 'off',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-value-attribute': 'error',
      'wc/no-closed-shadow-root': 'error',
      'wc/no-constructor-params': 'error',
      'wc/no-invalid-extends': 'error',
      'wc/no-typos': 'error',
      'wc/require-listener-teardown': 'error',
      'no-console': 'error',
      'no-restricted-imports': forbidImports(
        'The element imports only protocol/ and Lit (DESIGN.md, Layout).',
        '(^|/)(worker|demo)(/|$)',
        '^(hono|oauth4webapi)($|/)',
        '^node:',
      ),
    },
  },

  // The Worker and its tests run in workerd.
  {
    files: ['worker/**', 'test/worker/**'],
    ignores: ['test/worker/vitest.config.ts', 'test/worker/global-setup.ts'],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    files: ['worker/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidImports(
        'The Worker imports only protocol/ and its own modules (DESIGN.md, Layout).',
        '(^|/)(widget|demo)(/|$)',
        '^@?lit($|/)',
      ),
    },
  },
  {
    files: ['worker/**/*.ts', 'protocol/**/*.ts', 'widget/**/*.ts', 'server/**/*.ts'],
    plugins: { layers },
    rules: {
      'layers/folder-order': ['error', { folders: WORKER_FOLDERS }],
      'layers/no-cycle': 'error',
    },
  },
  {
    // Logs carry error name, code, status, host and attempt id only: one module writes them.
    files: ['worker/**/*.ts'],
    ignores: ['worker/**/log.ts'],
    rules: { 'no-console': 'error' },
  },

  // The server SDK: dependency-free fetch code; it imports only the shared contract.
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidImports(
        'oauth-cc-connect/server depends on nothing but protocol/ (issue 13).',
        '(^|/)(widget|worker|demo)(/|$)',
        '^(@?lit|hono|oauth4webapi|zod|@hono/.*)($|/)',
        '^node:',
      ),
    },
  },

  // The shared contract: no DOM, no Workers, no other side of the product.
  {
    files: ['protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidImports(
        'protocol/ imports nothing of the element, the Worker or the demo (DESIGN.md, Layout).',
        '(^|/)(widget|worker|demo)(/|$)',
        '^(@?lit|hono|oauth4webapi)($|/)',
        '^node:',
      ),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'location',
        'navigator',
        'customElements',
        'HTMLElement',
        'caches',
      ],
    },
  },

  // Node: scripts, end-to-end and packaging tests and their support, the test servers, tool configs.
  {
    files: [
      'scripts/**',
      'test/e2e/**',
      'test/adversarial/**',
      'test/support/**',
      'test/package/**',
      'test/emulations/**',
      'test/tools/**',
      'eslint/**',
      'test/widget/**/*.mjs',
      'test/worker/vitest.config.ts',
      'test/worker/global-setup.ts',
      '*.config.{js,mjs,ts}',
      'demo/vite.config.ts',
    ],
    languageOptions: { globals: globals.node },
  },
  // Playwright's `page.evaluate(() => …)` callbacks run in the page.
  {
    files: ['test/e2e/**', 'scripts/screenshots.mjs'],
    languageOptions: { globals: globals.browser },
  },

  // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
  {
    files: ['test/widget/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
]);
