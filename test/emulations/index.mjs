// Every provider emulation, for the Node check of each against its docs and for the Worker's
// tests (test/worker/vitest.config.ts routes the Worker's outbound fetches to them by host).
import { readdir } from 'node:fs/promises';

const here = new URL('./', import.meta.url);
const files = (await readdir(here)).filter(
  (name) => /^[a-z0-9-]+\.mjs$/.test(name) && !['index.mjs', 'support.mjs'].includes(name),
);

/** @type {import('./emulation.d.mts').Emulation[]} */
export const EMULATIONS = await Promise.all(
  files.sort().map(async (name) => (await import(new URL(name, here))).default),
);

/** The emulation that answers `url`, if any. */
export const emulationFor = (url) => EMULATIONS.find((emulation) => emulation.matches(url));
