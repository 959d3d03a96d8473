/**
 * The `npm pack` tarball as a reseller gets it: installed into a fresh project outside the repository,
 * used from ESM and CJS with plain node, and type-checked under `strict` in both module systems,
 * where `@ts-expect-error` lines prove wrong field types are refused.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkgDir = resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const tsupCli = join(pkgDir, '../../node_modules/tsup/dist/cli-default.js');
const npmCli = process.env.npm_execpath?.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : ['npm'];
let root: string;
let app: string;
let packed: { filename: string; files: { path: string }[] };

function npm(args: string[], cwd: string): string {
  const [cmd, ...pre] = npmCli as [string, ...string[]];
  // A private cache keeps the offline install from touching (or depending on) the user's.
  return execFileSync(cmd, [...pre, ...args], { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, npm_config_cache: join(root, 'npm-cache'), npm_config_update_notifier: 'false' } });
}

function write(file: string, text: string) {
  writeFileSync(join(app, file), text.replace(/^ {6}/gm, ''));
}

const USE = `
      const rk = new ResellerKit({
        apiKey: 'rk_test',
        baseUrl: 'http://api.test',
        fetch: async () => new Response('{"id":"trial_1","status":"active"}', { status: 201, headers: { 'content-type': 'application/json' } }),
      });
      const trial = await rk.trials.create({ organizationId: 'org_1', customerType: 'brf', users: [{ email: 'anna@brf.test' }] });
      const secret = 'whsec_' + btoa('0123456789abcdef0123456789abcdef');
      const body = JSON.stringify({ type: 'order.approved', timestamp: new Date().toISOString(), data: { id: 'ord_1' } });
      const headers = await signWebhook({ id: 'msg_1', body, secret });
      const event = await verifyWebhook(body, headers, secret);
      let refused = '';
      await verifyWebhook(body.replace('ord_1', 'ord_2'), headers, secret).catch((e) => (refused = e.name));
      console.log(JSON.stringify({ trial: trial.id, event: event.type, refused, notFound: typeof NotFoundError }));
`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'resellerkit-packed-'));
  // Build and pack a copy, so a concurrent `npm run build` in the package is neither disturbed nor needed.
  const stage = join(root, 'stage');
  mkdirSync(stage);
  for (const file of ['package.json', 'README.md']) copyFileSync(join(pkgDir, file), join(stage, file));
  execFileSync(process.execPath, [tsupCli, '--out-dir', join(stage, 'dist')], { cwd: pkgDir, stdio: 'pipe' });
  [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', root], stage));

  app = join(root, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pms-backend', version: '1.0.0', private: true }));
  npm(['install', join(root, packed.filename), '--offline', '--no-audit', '--no-fund', '--no-package-lock'], app);
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm pack tarball in a fresh project', () => {
  it('holds only the build, package.json and README', () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files).toEqual(['README.md', 'dist/index.cjs', 'dist/index.cjs.map', 'dist/index.d.cts', 'dist/index.d.ts', 'dist/index.js', 'dist/index.js.map', 'package.json']);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/@resellerkit/sdk/package.json'), 'utf8'));
    expect(installed.name).toBe('@resellerkit/sdk');
  });

  it('works from ESM', () => {
    write('esm.mjs', `import ResellerKit, { NotFoundError, signWebhook, verifyWebhook } from '@resellerkit/sdk';\n${USE}`);
    const out = JSON.parse(execFileSync(process.execPath, ['esm.mjs'], { cwd: app, encoding: 'utf8' }));
    expect(out).toEqual({ trial: 'trial_1', event: 'order.approved', refused: 'WebhookVerificationError', notFound: 'function' });
  });

  it('works from CJS', () => {
    write('cjs.cjs', `const { ResellerKit, NotFoundError, signWebhook, verifyWebhook } = require('@resellerkit/sdk');\n(async () => {${USE}})();`);
    const out = JSON.parse(execFileSync(process.execPath, ['cjs.cjs'], { cwd: app, encoding: 'utf8' }));
    expect(out).toEqual({ trial: 'trial_1', event: 'order.approved', refused: 'WebhookVerificationError', notFound: 'function' });
  });

  it('type-checks under strict from ESM and CJS, and refuses wrong field types', () => {
    const typed = (imports: string) => `${imports}
      export async function run(rk: ResellerKit, body: string, headers: Record<string, string>) {
        const trial: Trial = await rk.trials.create({ organizationId: 'org_1', customerType: 'brf', users: [{ email: 'a@b.test', role: 'reader' }] });
        const status: 'active' | 'expired' | 'purged' | 'converted' | 'cancelled' = trial.status;
        const order: Order = await rk.orders.create(trial.id, { licenceId: 'lic_1', invoicing: { name: 'BRF', orgNumber: '769600-1234', email: 'f@b.test' }, signer: { name: 'Anna', email: 'a@b.test' } });
        const event: WebhookEvent = await rk.webhooks.verify(body, headers, 'whsec_x');
        if (event.type === 'customer.created') { const customer: Customer = event.data; void customer; }
        for await (const t of rk.trials.list({ status: 'active' })) void t.users[0]?.email;
        try { await rk.customers.retrieve('cus_1'); } catch (e) { if (e instanceof NotFoundError) void e.requestId; }
        return [status, order.agreement?.sha256] as const;
      }
    `;
    const names = '{ ResellerKit, NotFoundError, type Trial, type Order, type Customer, type WebhookEvent }';
    write('good.mts', typed(`import ${names} from '@resellerkit/sdk';`));
    // In a .cts file the same import compiles to require(), so TypeScript resolves the `require` types (index.d.cts).
    write('good.cts', typed(`import ${names} from '@resellerkit/sdk';`));
    write(
      'wrong.mts',
      `import { ResellerKit, type Trial } from '@resellerkit/sdk';
      export async function wrong(rk: ResellerKit) {
        // @ts-expect-error: not a customer type
        await rk.trials.create({ organizationId: 'org_1', customerType: 'villa', users: [{ email: 'a@b.test' }] });
        // @ts-expect-error: users is a list of objects
        await rk.trials.create({ organizationId: 'org_1', customerType: 'brf', users: 'a@b.test' });
        // @ts-expect-error: organizationId is required
        await rk.trials.create({ customerType: 'brf', users: [{ email: 'a@b.test' }] });
        // @ts-expect-error: money is integer minor units in a Money object
        await rk.admin.licences.create({ name: 'L', customerType: 'brf', annualPrice: 12000 });
        // @ts-expect-error: not a trial status
        await rk.trials.list({ status: 'done' });
        const trial = await rk.trials.retrieve('trial_1');
        // @ts-expect-error: endsAt is an ISO string, not a Date
        const ends: Date = trial.endsAt;
        // @ts-expect-error: no such field
        void trial.seats;
        const t: Trial = trial;
        return [ends, t];
      }
      `,
    );
    write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false },
        files: ['good.mts', 'good.cts', 'wrong.mts'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout);
    }
    // An unused @ts-expect-error (TS2578) would mean the types let a wrong field through.
    expect(output).toBe('');
  }, 60_000);
});
