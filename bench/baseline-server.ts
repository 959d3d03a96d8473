/** @module The baseline: bare Hono on @hono/node-server, serving a precomputed body (`static`) or echoing parsed JSON (`echo`). */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const [mode, bodyFile] = process.argv.slice(2);
const app = new Hono();
if (mode === 'static') {
  const body = readFileSync(bodyFile!, 'utf8');
  app.get('*', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
} else {
  app.post('*', async (c) => c.json(await c.req.json(), 201));
}
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`listening on http://127.0.0.1:${info.port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
