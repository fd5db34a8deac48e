// The lint rules that keep worker/'s folders in one order and its modules free of cycles
// (eslint/layers.js), run by ESLint's own RuleTester against files laid out like the Worker's.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import layers from '../../eslint/layers.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.afterAll = after;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, sourceType: 'module' } });
const FOLDERS = ['common', 'crypto', 'connections', 'keys'];
const root = mkdtempSync(join(tmpdir(), 'layers-'));
const file = (path, source = '') => {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, source);
  return full;
};

tester.run('layers/folder-order', layers.rules['folder-order'], {
  valid: [
    {
      code: "import { a } from '../common/a.js';",
      filename: file('worker/keys/k.ts'),
      options: [{ folders: FOLDERS }],
    },
    { code: "import { b } from './b.js';", filename: file('worker/keys/k2.ts'), options: [{ folders: FOLDERS }] },
    { code: "import { app } from './keys/k.js';", filename: file('worker/app.ts'), options: [{ folders: FOLDERS }] },
  ],
  invalid: [
    {
      // The original defect: keys/ reading the secret box out of connections/, above it.
      code: "import { seal } from '../connections/secret-box.js';",
      filename: file('worker/crypto/ring.ts'),

      options: [{ folders: FOLDERS }],
      errors: [{ messageId: 'upward' }],
    },
    {
      code: "export { x } from '../keys/k.js';",
      filename: file('worker/connections/c.ts'),

      options: [{ folders: FOLDERS }],
      errors: [{ messageId: 'upward' }],
    },
    {
      code: "import { y } from '../sandbox/s.js';",
      filename: file('worker/keys/k3.ts'),

      options: [{ folders: FOLDERS }],
      errors: [{ messageId: 'unknown' }],
    },
    {
      code: "import { createApp } from '../app.js';",
      filename: file('worker/keys/k4.ts'),

      options: [{ folders: FOLDERS }],
      errors: [{ messageId: 'root' }],
    },
  ],
});

// store.ts ↔ token-policy.ts, as it was: a type-only import closes a cycle too.
const store = file('worker/connections/store.ts', "import { connectionStatus } from './token-policy.js';\n");
file('worker/connections/token-policy.ts', "import type { ConnectionRecord } from './store.js';\n");
const lone = file('worker/connections/lone.ts', "import { x } from './token-policy.js';\n");

tester.run('layers/no-cycle', layers.rules['no-cycle'], {
  valid: [{ code: "import { x } from './token-policy.js';", filename: lone }],
  invalid: [
    {
      code: "import { connectionStatus } from './token-policy.js';",
      filename: store,

      errors: [{ messageId: 'cycle' }],
    },
  ],
});
