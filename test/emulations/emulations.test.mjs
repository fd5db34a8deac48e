// Each provider emulation (test/emulations/<id>.mjs) against its own provider's documentation:
// the request the docs show is accepted and issues the documented answer, and every variant the
// provider refuses is refused. This proves the emulations before the Worker is tested against
// them (test/worker/providers.test.ts), so a preset that connects there follows the docs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EMULATIONS } from './index.mjs';

for (const emulation of EMULATIONS) {
  describe(`${emulation.id} emulation (${emulation.docs[0]})`, () => {
    test('accepts the request its documentation shows, and issues the token', async () => {
      const request = emulation.documentedRequest();
      assert.ok(emulation.matches(new URL(request.url)), 'the documented URL is one the emulation answers');
      const response = await emulation.handle(request);
      const text = await response.text();
      // Success is any 2xx: CrowdStrike, for one, answers its token request 201 Created.
      assert.ok(response.status >= 200 && response.status < 300, `${response.status} ${text}`);
      assert.ok(text.includes(emulation.issued.accessToken), 'the answer holds the issued token');
    });

    for (const refusal of emulation.refusals) {
      test(`refuses ${refusal.name}`, async () => {
        const response = await emulation.handle(refusal.request());
        assert.equal(response.status, refusal.status, await response.clone().text());
      });
    }
  });
}
