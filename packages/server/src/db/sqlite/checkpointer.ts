/**
 * @module WAL checkpoints on a worker thread. A checkpoint copies the WAL back into the database file and fsyncs both.
 * Left to SQLite, the commit that crosses `wal_autocheckpoint` does it on the event loop and its request waits (on trial
 * creation, about a third of the time per request). A second connection on a worker thread checkpoints instead,
 * PASSIVE so it never waits for or blocks the writer; the main connection keeps a far higher automatic threshold only as
 * a backstop should the thread fall behind. Durability is unchanged: commits are not fsynced in WAL mode with
 * `synchronous=NORMAL` either way, and a checkpoint fsyncs before and after copying, whichever connection runs it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The thread's program: plain CommonJS, so it runs the same under tsx, the built CLI and the tests. */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Starts the thread on first use; later calls do nothing. */
  start(): void;
  stop(): Promise<void>;
}

export function checkpointer(file: string, intervalMs = 100): Checkpointer {
  let worker: Worker | undefined;
  return {
    start() {
      if (worker) return;
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(PROGRAM, { eval: true, workerData: { file, driver, intervalMs } });
      worker.unref(); // an open store must not keep the process alive
      worker.on('error', () => (worker = undefined)); // the backstop threshold still checkpoints
    },
    async stop() {
      const w = worker;
      worker = undefined;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.ref(); // until it has closed its connection
      w.postMessage('stop');
      await exited;
    },
  };
}
