import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { fakeWorker } from './test/widget/fake-worker.mjs';
import { reactModules } from './test/widget/react-modules.mjs';

/**
 * `executeServerCommand('forced-colors', 'active' | 'none')`: Windows high contrast, as Chromium
 * renders it (the system palette forced on every colour). The commands package's emulateMedia
 * has no forced-colors, and only the DevTools protocol turns the rendering on, not just the query.
 */
const forcedColors = {
  name: 'forced-colors-command',
  async executeCommand({ command, payload, session }) {
    if (command !== 'forced-colors') return;
    const page = session.browser.getPage(session.id);
    const client = await page.createCDPSession();
    await client.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: payload }] });
    return true;
  },
};

export default {
  files: 'test/widget/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM_PATH, headless: false, args: [...CHROMIUM_ARGS, '--headless=new'] },
    }),
  ],
  // The element's tsconfig carries experimentalDecorators/useDefineForClassFields for Lit.
  middleware: [fakeWorker],
  plugins: [forcedColors, reactModules(), esbuildPlugin({ ts: true, tsconfig: 'widget/tsconfig.json' })],
  // Bounds for a test, a file and Chromium's start that never end, not for speed: in CI these
  // files have run 2–4 times slower than on an idle 2-core machine.
  testFramework: { config: { timeout: 20_000 } },
  testsFinishTimeout: 300_000,
  browserStartTimeout: 120_000,
  // Lit announces its development build on every page; the tests mean to run it.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
};
