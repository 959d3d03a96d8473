/**
 * @module `npm start`: serves public/ on PORT (default 3000), a stand-in for the reseller's own web server.
 *
 * The page is plain static HTML that works as is with the defaults (resellerkit on :8787, the backend on :3001);
 * RESELLERKIT_URL and RESELLER_BACKEND_URL, when set, replace those two addresses in the served HTML.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('./public/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };
const rewrites: [string, string][] = [
  ['http://localhost:8787', process.env.RESELLERKIT_URL],
  ['http://localhost:3001', process.env.RESELLER_BACKEND_URL],
].filter((r): r is [string, string] => Boolean(r[1]));

const server = createServer(async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = normalize(join(ROOT, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
  // Nothing outside public/ is served, whatever the path says.
  if (!file.startsWith(ROOT) || file.includes(`${sep}..${sep}`)) return void res.writeHead(404).end('Not found');
  try {
    let body: Buffer | string = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) body = rewrites.reduce((html, [from, to]) => html.replaceAll(from, to.replace(/\/+$/, '')), body.toString('utf8'));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  }
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST || undefined, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : process.env.PORT;
  console.log(`partner page listening on http://localhost:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
