// A stand-in for the Worker's POST /v1/connect, served by web-test-runner's dev server on the
// test page's own origin, so one test can drive a real popup through a real form post and a
// real postMessage. It answers as the completion page does and remembers the last request,
// which the test reads back from GET /fake-worker/last.
let last = null;

async function readBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export async function fakeWorker(ctx, next) {
  if (ctx.path === '/fake-worker/last') {
    ctx.body = last;
    return;
  }
  if (ctx.path !== '/fake-worker/v1/connect') return next();
  const fields = Object.fromEntries(new URLSearchParams(await readBody(ctx.req)));
  last = { method: ctx.method, url: ctx.url, contentType: ctx.get('content-type'), fields };
  const message = {
    v: 1,
    type: 'oauth-cc:result',
    state: fields.state,
    status: 'connected',
    connectionId: 'conn_real',
    scopes: ['read'],
  };
  ctx.type = 'html';
  ctx.body = `<!doctype html><title>Authorization Complete</title><script>
    opener.postMessage(${JSON.stringify(message)}, ${JSON.stringify(ctx.get('origin'))});
    if (${JSON.stringify(fields.close_after)} === '0') close();
  </script>`;
}
