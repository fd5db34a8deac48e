// Debian's Chromium, which .ci/run installs: no tool may download a browser of its own here.
// Running as root it needs --no-sandbox; the other flags keep a headless run quiet and offline.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
