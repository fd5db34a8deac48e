// The admin API as a host's backend meets it, from Node against `wrangler dev`: the OpenAPI
// document it publishes validates as OpenAPI 3.1.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compileErrors, validate } from '@readme/openapi-parser';
import { freePort, request, startWorker } from '../../scripts/dev-servers.mjs';

let worker;
let state;

before(async () => {
  state = await mkdtemp(join(tmpdir(), 'oauth-cc-api-'));
  worker = await startWorker({ port: await freePort(), persistTo: state });
});
after(async () => {
  await worker?.stop();
  await rm(state, { recursive: true, force: true });
});

describe('GET /v1/openapi.json', () => {
  test('is a valid OpenAPI 3.1 document naming this server', async () => {
    const response = await request(`${worker.url}/v1/openapi.json`);
    assert.equal(response.status, 200);
    const document = response.json();
    const result = await validate(structuredClone(document));
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    assert.equal(result.specification, 'OpenAPI');
    assert.deepEqual(document.servers, [{ url: worker.url }]);
    assert.ok(Object.keys(document.paths).length >= 14);
  });
});
