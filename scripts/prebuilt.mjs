#!/usr/bin/env node
// `node scripts/prebuilt.mjs SCRIPT`: runs `npm run SCRIPT` (a build), unless `npm test` already
// built the package for every step that tests it (OAUTH_CC_PREBUILT=1).
import { spawnSync } from 'node:child_process';

if (process.env.OAUTH_CC_PREBUILT !== '1') {
  const { status } = spawnSync('npm', ['run', '-s', process.argv[2]], { stdio: 'inherit' });
  process.exit(status ?? 1);
}
