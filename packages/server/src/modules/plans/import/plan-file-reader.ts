/**
 * @module Reads and validates uploaded plans in child processes, within a time and a memory budget, so a 10 MB workbook
 * never holds the event loop that every tenant, the scheduler and webhook delivery share. A few children at most; they
 * are kept between files (starting one and loading exceljs costs about half a second) and stopped when idle.
 */
import { ServiceUnavailableError } from '../../../errors.js';
import type { PlanUpload } from './read-upload.js';
import { readerProgram, startReaderChild, type ReaderChild } from './reader-child.js';
import type { ValidatedRows } from './validate-rows.js';

export interface PlanFileBudget {
  /** Wall-clock time one file may take, the reader's start included; past it the reader is killed and the file refused. */
  timeoutMs: number;
  /** A reader's JavaScript heap; a file that needs more ends the reader and is refused. */
  memoryMb: number;
  /** Files read at once; more wait their turn, up to `maxWaiting`, and beyond that get a 503. */
  maxRunning: number;
  maxWaiting: number;
  /** A reader with no file for this long is stopped, giving its memory back. */
  idleMs: number;
}

export interface PlanFileReader {
  read(upload: PlanUpload): Promise<ValidatedRows>;
  /** Stops the resting readers; a file being read finishes first. */
  close(): void;
}

/** Two readers leave a core for requests on a small machine; a longer queue than a few files only adds waiting. */
export const DEFAULT_POOL = { maxRunning: 2, maxWaiting: 4, idleMs: 60_000 } as const;

export function createPlanFileReader(budget: PlanFileBudget): PlanFileReader {
  const program = readerProgram();
  const resting: { reader: ReaderChild; timer: NodeJS.Timeout }[] = [];
  let running = 0;
  const waiting: (() => void)[] = [];

  const enter = async () => {
    if (running < budget.maxRunning) {
      running++;
      return;
    }
    if (waiting.length >= budget.maxWaiting) throw new ServiceUnavailableError('Servern läser redan in flera planer; försök igen om en stund.');
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  // A waiting file takes over the slot directly, so no newcomer overtakes it.
  const leave = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const take = (): ReaderChild => {
    for (let r = resting.pop(); r; r = resting.pop()) {
      clearTimeout(r.timer);
      if (r.reader.alive) return r.reader;
    }
    return startReaderChild(program, budget.memoryMb);
  };
  const putBack = (reader: ReaderChild) => {
    if (!reader.alive) return;
    reader.rest();
    const timer = setTimeout(() => {
      resting.splice(resting.findIndex((r) => r.reader === reader), 1);
      reader.stop();
    }, budget.idleMs);
    timer.unref();
    resting.push({ reader, timer });
  };

  return {
    async read(upload) {
      await enter();
      const reader = take();
      try {
        return await reader.read(upload, budget.timeoutMs);
      } finally {
        putBack(reader);
        leave();
      }
    },
    close() {
      for (const r of resting.splice(0)) {
        clearTimeout(r.timer);
        r.reader.stop();
      }
    },
  };
}
