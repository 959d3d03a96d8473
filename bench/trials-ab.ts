/**
 * @module Two versions of the server compared on POST /v1/trials (PostgreSQL), for a change too small for the bench's
 * noise between runs: both serve at once, each on its own database seeded alike, and take turns in 3-second rounds
 * (ABBA order); the figure is the median of the rounds' B/A ratios. Name the same tree twice for an A/A run, which
 * shows the method's own noise: on a 2-core VM an A/A run has given a median of 1.06 to 1.10 (single pairs 0.87 to
 * 1.27), so read a difference under about 10 % as none. A tree is a checkout with its dependencies (a `git worktree` with node_modules linked
 * in): `npx tsx --conditions=@resellerkit/source bench/trials-ab.ts <tree A> <tree B> [pairs]`
 */
import { join } from 'node:path';
import { seed } from './api.js';
import { load, medianOf, ROOT, startChild, withPostgres } from './lib.js';

const [A, B] = [process.argv[2], process.argv[3]];
if (!A || !B) throw new Error('usage: bench/trials-ab.ts <tree A> <tree B> [pairs]');
const pairs = Number(process.argv[4] ?? 8);
const env = { RATE_LIMIT: '0', WEBHOOK_ALLOW_PRIVATE: 'true' };

await withPostgres((urlA) =>
  withPostgres(async (urlB) => {
    const receiver = await startChild(join(ROOT, 'bench/baseline-server.ts'), ['echo']);
    const sides = [];
    for (const [tree, url] of [[A, urlA], [B, urlB]] as const) {
      const { key, orgIds } = await seed(url, `${receiver.url}/webhooks`);
      const server = await startChild(join(tree, 'packages/server/src/app/cli.ts'), ['serve', '--no-workers'], { ...env, DATABASE_URL: url });
      let next = 0;
      const body = () => JSON.stringify({ organizationId: orgIds[next++ % orgIds.length], customerType: 'brf', users: [{ email: 'styrelsen@last.test' }, { email: 'kassor@last.test', role: 'reader' }] });
      const round = async (duration: number) =>
        (await load({ url: `${server.url}/v1/trials`, method: 'POST', duration, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, requests: [{ setupRequest: (req: object) => ({ ...req, body: body() }) }] })).rps;
      sides.push({ server, round });
    }
    const [a, b] = sides as [(typeof sides)[number], (typeof sides)[number]];
    try {
      await a.round(2); // warm-up, unmeasured
      await b.round(2);
      const rates: { a: number; b: number }[] = [];
      for (let i = 0; i < pairs; i++) {
        if (i % 2 === 0) rates.push({ a: await a.round(3), b: await b.round(3) });
        else {
          const rb = await b.round(3);
          rates.push({ a: await a.round(3), b: rb });
        }
      }
      const list = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(', ');
      console.log(`A req/s: ${list(rates.map((r) => r.a))}\nB req/s: ${list(rates.map((r) => r.b))}`);
      console.log(`B/A: ${list(rates.map((r) => r.b / r.a), 2)}; median ${medianOf(rates.map((r) => r.b / r.a)).toFixed(3)}`);
    } finally {
      await a.server.stop();
      await b.server.stop();
      await receiver.stop();
    }
  }),
);
