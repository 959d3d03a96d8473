/**
 * @module One child process that reads uploaded plans, one file at a time, with a heap limit, and is killed when a file
 * runs past its time. A process, not a worker thread: a worker's `resourceLimits` is best effort, and one large
 * allocation (a growing array, as exceljs makes for a sheet of a million cells) aborts the whole server instead of the
 * worker (nodejs/node#47224). A child that runs out of memory dies alone.
 *
 * The child runs `reader-process` beside this module, resolved from `import.meta.url`: the `.ts` source through tsx's
 * loader when this module runs from source (the CLI, `npm start` and the tests all do), the `.js` file once built. A build
 * must therefore emit `reader-process` as an entry of its own, in the directory of the output that holds this module
 * (with tsup: `entry: { cli: 'src/app/cli.ts', 'reader-process': 'src/modules/plans/import/reader-process.ts' }`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AppError, PayloadTooLargeError, UnprocessableError, UnsupportedMediaTypeError, type Issue } from '../../../errors.js';
import type { ParseAnswer, PlanUpload } from './read-upload.js';
import type { ValidatedRows } from './validate-rows.js';

export interface ReaderProgram {
  entry: string;
  execArgv: string[];
}

export function readerProgram(): ReaderProgram {
  const fromSource = new URL(import.meta.url).pathname.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./reader-process.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return { entry, execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [] };
}

/** The child sees no secret: it gets the path and the temporary directory (for tsx's cache), nothing else. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'TMPDIR']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

const REFUSALS: Record<number, new (message: string, issues?: Issue[]) => AppError> = {
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: UnprocessableError,
};
/** What V8 prints when a heap limit is reached; any other death is our failure, not the file's. */
const OUT_OF_MEMORY = /heap out of memory|Allocation failed/;
/** Enough of the child's stderr to tell why it died. */
const STDERR_KEPT = 4096;

export interface ReaderChild {
  /** Reads one file; the child is killed when the file runs out of time or memory or the child fails. */
  read(upload: PlanUpload, timeoutMs: number): Promise<ValidatedRows>;
  /** False once the child has exited: it takes no more files. */
  readonly alive: boolean;
  /** Lets the server exit while the child waits for its next file. */
  rest(): void;
  stop(): void;
}

export function startReaderChild(program: ReaderProgram, memoryMb: number): ReaderChild {
  const child: ChildProcess = fork(program.entry, [], {
    execArgv: [...program.execArgv, `--max-old-space-size=${memoryMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: childEnv(),
  });
  let alive = true;
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-STDERR_KEPT)));
  child.once('exit', () => (alive = false));
  // Errors while a file is read reach its listener below; one between files only ends the child.
  child.on('error', () => (alive = false));
  const stop = () => {
    alive = false;
    child.kill('SIGKILL');
  };
  const ref = (on: boolean) => {
    const handles = [child, child.channel, child.stderr] as ({ ref(): void; unref(): void } | null | undefined)[];
    for (const h of handles) on ? h?.ref() : h?.unref();
  };

  return {
    get alive() {
      return alive;
    },
    rest: () => ref(false),
    stop,
    read(upload, timeoutMs) {
      ref(true);
      return new Promise((resolve, reject) => {
        const done = (outcome: () => void, keep: boolean) => {
          clearTimeout(timer);
          child.off('message', onMessage).off('error', onError).off('close', onClose);
          if (!keep) stop();
          outcome();
        };
        const timer = setTimeout(
          () => done(() => reject(new UnprocessableError(`Filen tog längre tid än ${seconds(timeoutMs)} att läsa och avbröts. Dela upp planen i mindre filer eller spara den som CSV.`)), false),
          timeoutMs,
        );
        const onMessage = (answer: ParseAnswer) => {
          if (answer.ok) done(() => resolve(answer.rows), true);
          else if ('refused' in answer) done(() => reject(new (REFUSALS[answer.refused.status] ?? UnprocessableError)(answer.refused.message, answer.refused.issues)), true);
          else done(() => reject(new Error(`The plan reader failed: ${answer.crashed}`)), false);
        };
        const onError = (err: Error) => done(() => reject(err), false);
        // 'close' comes after the child's stderr has closed, so the reason is all there.
        const onClose = (code: number | null, signal: string | null) =>
          done(() => {
            if (OUT_OF_MEMORY.test(stderr)) reject(new UnprocessableError(`Filen behöver mer än ${memoryMb} MB minne för att läsas och avbröts. Dela upp planen i mindre filer.`));
            else reject(new Error(`The plan reader exited (${signal ?? code}) without answering: ${stderr}`));
          }, false);
        child.on('message', onMessage).on('error', onError).on('close', onClose);
        child.send(upload);
      });
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} s`;
