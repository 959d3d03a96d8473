/** @module Real service processes for tests: `resellerkit serve|worker` as child processes, stopped or killed on demand. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The `resellerkit` command from source: tests run what they edit; the built `bin` (dist/cli.js) is tested packed (packages/server/test/package.test.ts). */
export const SERVER_CLI = (() => {
  const manifest = require.resolve('@resellerkit/server/package.json');
  return join(dirname(manifest), 'src/app/cli.ts');
})();

/** tsx as a loader in the same process (not the tsx CLI, which is a parent process relaying signals): a signal we send
 * reaches our own handlers directly, so exit codes are the service's own. Resolved as a dependency of this package. */
export const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

/**
 * Node arguments that run a TypeScript entry point: `[...tsNode(entry), ...args]` after `process.execPath`. The
 * `@resellerkit/source` condition makes a child resolve the workspace packages to their sources, as the tests
 * themselves do, so a child never mixes a stale build with the code beside it.
 */
export function tsNode(entry: string): string[] {
  return ['--conditions=@resellerkit/source', '--import', TSX_LOADER, entry];
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends a signal and waits for the exit; resolves with the exit code (null when killed). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `env` is laid over this process's environment; a variable given as undefined is removed. */
export async function spawnService(command: 'serve' | 'worker', env: Record<string, string | undefined>, args: string[] = []): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...tsNode(SERVER_CLI), command, ...args], { env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: several processes starting at once on a busy 2-core machine each compile the sources first.
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${out}`)), 90_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out) ?? (command === 'worker' && /worker running/.test(out) ? ['', ''] : null);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${command} exited early:\n${out}`));
    });
  });
  return {
    child,
    url,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A port free right now on 127.0.0.1, for a service whose PUBLIC_URL must name its port before it starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
