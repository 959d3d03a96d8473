/** @module A delivery worker holding more than its concurrency (free slots below zero) sleeps rather than spins. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tsNode } from '@resellerkit/dev-env/processes';
import { testDialects } from '@resellerkit/dev-env/stores';

const SCRIPT = fileURLToPath(new URL('./worker-overcommitted.script.ts', import.meta.url));

/** Runs the script; a loop that never yields blocks its own timers, so only a kill from here ends it. */
function run(dialect: string, limitMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...tsNode(SCRIPT), dialect], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

// A hand-over is written leased when the worker has room and handed over at COMMIT, when it may have none: PostgreSQL's.
describe.runIf(testDialects.includes('postgres'))('a delivery worker over its concurrency on PostgreSQL', () => {
  it('sleeps until a slot frees, then sends and stops', { timeout: 60_000 }, async () => {
    const { code, output } = await run('postgres', 40_000);
    expect(output).toContain('sent and stopped');
    expect(code).toBe(0);
  });
});
