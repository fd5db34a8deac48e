// Section "size": what a page downloads. The element's two builds (self-contained with Lit, and
// the library with Lit left external), the peers' browser SDKs bundled the same way from the npm
// registry, and the Worker's own bundle as `wrangler deploy` would upload it.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_BUDGET_BYTES, compressedSizes, gzipCliSize } from './compressed-size.mjs';
import { bytes, verdict } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** npm installs of the peers' SDKs, kept between runs and ignored by git: they are not our dependencies. */
const PEERS_DIR = fileURLToPath(new URL('./.peers/', import.meta.url));
const ENV = {
  ...process.env,
  WRANGLER_LOG: 'log',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

/**
 * The peers' browser SDKs, pinned (each installs on Node 20: none declares an engine that excludes
 * it). `entry` is what a page imports; the whole of it is bundled (`export *`), as our own
 * bundle holds the whole element.
 */
const PEERS = [
  { name: '@nangohq/frontend', version: '0.71.10', entry: '@nangohq/frontend' },
  { name: '@prismatic-io/embedded', version: '4.14.0', entry: '@prismatic-io/embedded' },
  { name: '@auth0/auth0-spa-js', version: '2.28.3', entry: '@auth0/auth0-spa-js' },
  { name: '@useparagon/connect', version: '2.4.0', entry: '@useparagon/connect' },
  { name: '@pipedream/sdk', version: '3.1.6', entry: '@pipedream/sdk/browser' },
];

/** The same esbuild settings for every third-party bundle: `--bundle --minify --format=esm --platform=browser`. */
const ESBUILD = { bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' };

const sh = (command, args, options = {}) =>
  new Promise((resolve, reject) =>
    execFile(
      command,
      args,
      { cwd: ROOT, env: ENV, maxBuffer: 64 * 1024 * 1024, ...options },
      (error, stdout, stderr) =>
        error
          ? reject(
              new Error(
                `${command} ${args.join(' ')} failed: ${(stderr || error.message).trim().split('\n').slice(-3).join(' ')}`,
              ),
            )
          : resolve(stdout),
    ),
  );

const figures = ({ raw, gzip, brotli }) => `${bytes(raw)} raw · ${bytes(gzip)} gzip -9 · ${bytes(brotli)} brotli`;

/** Both builds, as `npm run build` makes them: the library (which empties dist/), then the bundle. */
export async function buildElement() {
  await sh('npm', ['run', '-s', 'build:lib']);
  await sh('npm', ['run', '-s', 'build:bundle']);
}

async function elementRows() {
  await buildElement();
  const bundlePath = join(DIST, 'oauth-cc-connect.bundle.js');
  const bundle = compressedSizes(readFileSync(bundlePath));
  const cli = gzipCliSize(bundlePath);
  const worst = Math.max(bundle.gzip, cli ?? 0);
  const withinBudget = worst <= BUNDLE_BUDGET_BYTES;
  // The library as published (dist/index.js and the chunk it imports, unminified), and minified as
  // an app's bundler would ship it; Lit stays external in both.
  const library = async (minify) =>
    compressedSizes(
      (
        await build({
          ...ESBUILD,
          minify,
          entryPoints: [join(DIST, 'index.js')],
          external: ['lit', 'lit/*', '@lit/*'],
        })
      ).outputFiles[0].contents,
    );
  return {
    withinBudget,
    rows: [
      {
        measure: 'self-contained module, Lit included (dist/oauth-cc-connect.bundle.js)',
        figure: `${figures(bundle)}${cli === null ? '' : ` (${bytes(cli)} by gzip -9 -c | wc -c)`}`,
        goal: `≤ ${bytes(BUNDLE_BUDGET_BYTES)} gzip -9 ${verdict(withinBudget)}`,
      },
      {
        measure: 'library module, Lit external (dist/index.js + chunk, as published)',
        figure: figures(await library(false)),
      },
      { measure: 'library module, Lit external, minified (esbuild)', figure: figures(await library(true)) },
    ],
  };
}

/** Installs one peer into its own folder under bench/.peers/ unless that version is there already. */
async function installPeer({ name, version }) {
  const dir = join(PEERS_DIR, `${name.replace('/', '+')}@${version}`);
  const manifest = join(dir, 'node_modules', name, 'package.json');
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === version) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), '{ "private": true }\n');
  await sh(
    'npm',
    ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', `${name}@${version}`],
    {
      timeout: 300_000,
    },
  );
  return dir;
}

async function peerRow(peer) {
  const entry = peer.entry === peer.name ? '' : `, ${peer.entry.slice(peer.name.length + 1)} entry`;
  const measure = `${peer.name}@${peer.version} (esbuild, minified${entry})`;
  try {
    const dir = await installPeer(peer);
    const result = await build({
      ...ESBUILD,
      stdin: { contents: `export * from '${peer.entry}';`, resolveDir: dir, loader: 'js' },
    });
    return { measure, figure: figures(compressedSizes(result.outputFiles[0].contents)) };
  } catch (error) {
    return { measure, figure: `not measured: ${error.message.split('\n')[0].slice(0, 160)}` };
  }
}

/**
 * `wrangler deploy --dry-run --env production --outdir`: the script Cloudflare would receive. The
 * production environment minifies (wrangler.toml), so one row: `--minify` would give the same bytes.
 */
async function workerRow() {
  const outdir = await mkdtemp(join(tmpdir(), 'oauth-cc-bench-worker-'));
  try {
    await sh(join(ROOT, 'node_modules/.bin/wrangler'), [
      'deploy',
      '--dry-run',
      // The production Worker (no sandbox), as it is deployed.
      '--env',
      'production',
      '--outdir',
      outdir,
    ]);
    const files = (await readdir(outdir)).filter((file) => /\.(m?js|wasm)$/.test(file));
    const contents = Buffer.concat(await Promise.all(files.map((file) => readFile(join(outdir, file)))));
    const { raw, gzip } = compressedSizes(contents);
    return {
      measure: 'the production Worker (wrangler deploy --dry-run --env production, minified)',
      figure: `${bytes(raw)} raw · ${bytes(gzip)} gzip -9`,
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

export async function sizeSection({ log }) {
  log('building the element (npm run build:lib, build:bundle)…');
  const element = await elementRows();
  log('installing (once) and bundling the peers’ SDKs…');
  const peers = await Promise.all(PEERS.map(peerRow));
  log('bundling the Worker (wrangler deploy --dry-run)…');
  const worker = await workerRow();
  return {
    budgetExceeded: !element.withinBudget,
    rows: [...element.rows, ...peers, worker].map((row) => ({ section: 'size', ...row })),
  };
}
