import config from './web-test-runner.config.mjs';

// `npm run test:bundle`: the widget tests again, against the built self-contained bundle instead
// of the sources, so the bundle's minification (see vite.config.ts) is tested as shipped. The
// tests register the element through widget/define.js; here that import is the bundle.
const useBundle = {
  name: 'use-bundle',
  resolveImport({ source }) {
    if (source.endsWith('/widget/define.js')) return '/dist/oauth-cc-connect.bundle.js';
  },
};

export default { ...config, plugins: [useBundle, ...config.plugins] };
