/**
 * The local runtime's Scanner: scans run in worker threads, each with a heap limit, and each scan
 * with a wall-clock limit. The local runtime runs the review step in the API's process; scanning
 * there blocked the API for as long as a scan took (issue 8: 159 s for a 20,000-page PDF), and a
 * file that exhausted memory took the whole runtime down, again on every restart. In a worker, the
 * event loop stays free, and a scan that runs out of memory or time ends only its worker: the
 * document goes to the pre-review group (REVIEW-2) with the reason, like a file that cannot be
 * read. A Lambda does not need this: its invocation is its own sandbox with its own limits.
 *
 * Starting a worker costs ~0.45 s (registering tsx ~0.2 s, loading the scan's modules through it
 * ~0.25 s; the format readers and PDF.js load when a file needs them): per scan, that doubled the demo
 * history's 145 documents from 44 s to 90 s. So a worker that finished a scan takes the next one.
 * It is never reused after a failure (out of memory, timeout, crash: it is stopped), it is
 * replaced after MAX_JOBS scans, and a scan that kills a worker that had scanned before is tried
 * once more in a fresh one, so a file is only blamed for what it does to a worker of its own.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Scanner } from '../../shared/ports';
import { type ExtractHint, type ScanResult, unreadableScan } from '../../shared/review';
import { OCR_LIMITS } from '../../shared/review/ocr/limits';
import type { ScanJob, ScanProgress } from './scan-worker';

export interface WorkerScannerOptions {
  /** Wall-clock time one scan may take before its worker is stopped. @default 60 s */
  readonly timeoutMs?: number;
  /**
   * What each page OCR starts gives the scan: its time limit is then at least this far away. A
   * scanned PDF is read by OCR at several seconds a page, up to OCR_LIMITS.pages pages.
   * @default OCR_LIMITS.pageTimeoutMs (120 s)
   */
  readonly ocrPageTimeoutMs?: number;
  /**
   * Each worker's V8 heap. The extraction limits (shared/review/limits.ts) keep an honest file
   * well below it; this catches what they do not foresee. @default 768 MB
   */
  readonly maxOldGenerationSizeMb?: number;
  /** Scans at once; more wait their turn. @default one core left to the API: cores − 1, at least 1 */
  readonly concurrency?: number;
  /** The worker's module. Tests pass one that allocates or spins. @default ./scan-worker.mjs */
  readonly entry?: URL;
}

export interface WorkerScanner extends Scanner {
  /** Stops every worker; scans still running get an unreadable result. */
  close(): Promise<void>;
}

/** Scans one worker does before it is replaced: whatever a library keeps between files is let go. */
export const MAX_JOBS = 50;

const DEFAULT_ENTRY = new URL('./scan-worker.mjs', import.meta.url);

interface PooledWorker {
  readonly worker: Worker;
  /** Scans given to it so far. */
  jobs: number;
  alive: boolean;
  /** Why it failed while idle (it could not load, say): the reason of the scan that takes it. */
  failure?: string;
}

type Outcome = { readonly result: ScanResult; readonly workerDied: boolean; readonly reusable: boolean };

export function createWorkerScanner(options: WorkerScannerOptions = {}): WorkerScanner {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const ocrPageMs = options.ocrPageTimeoutMs ?? OCR_LIMITS.pageTimeoutMs;
  const heapMb = options.maxOldGenerationSizeMb ?? 768;
  const entry = options.entry ?? DEFAULT_ENTRY;
  const slots = new Slots(options.concurrency ?? Math.max(1, availableParallelism() - 1));
  const all = new Set<PooledWorker>();
  const idle: PooledWorker[] = [];
  let closed = false;

  const spawn = (): PooledWorker => {
    const worker = new Worker(entry, {
      // Not the parent's flags (tsx's loader under `npm start`, vitest's under test): the entry
      // registers what it needs itself, so it starts alike in both.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    const pooled: PooledWorker = { worker, jobs: 0, alive: true };
    all.add(pooled);
    // An idle worker that fails is dropped; an unheard 'error' would throw in this thread.
    worker.on('error', (error) => {
      pooled.failure ??= error.message;
    });
    worker.once('exit', () => {
      pooled.alive = false;
      all.delete(pooled);
      const at = idle.indexOf(pooled);
      if (at >= 0) idle.splice(at, 1);
    });
    worker.unref(); // an idle worker keeps no process alive
    return pooled;
  };
  const stop = (pooled: PooledWorker) => {
    pooled.alive = false;
    void pooled.worker.terminate();
  };

  const run = (pooled: PooledWorker, bytes: Uint8Array, hint: ExtractHint) =>
    new Promise<Outcome>((resolve) => {
      const { worker } = pooled;
      pooled.jobs++;
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        worker.unref();
        if (!outcome.reusable) stop(pooled);
        resolve(outcome);
      };
      const died = (reason: string) => finish({ result: unreadableScan(reason), workerDied: true, reusable: false });
      const onMessage = (message: ScanResult | ScanProgress) => {
        if ('ocrPage' in message) return extend();
        finish({ result: message, workerDied: false, reusable: true });
      };
      const onError = (error: Error & { code?: string }) =>
        died(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the scan ran out of memory (${heapMb} MB): too large or complex to scan automatically`
            : `the scan failed: ${error.message}`,
        );
      const onExit = (code: number) =>
        died(
          pooled.failure
            ? `the scan failed: ${pooled.failure}`
            : `the scan stopped (exit code ${code}) without a result`,
        );
      const began = performance.now();
      let extended = false;
      const late = () => {
        const seconds = extended ? Math.round((performance.now() - began) / 1000) : timeoutMs / 1000;
        const reason = `the scan did not finish within ${seconds} s: too large or complex to scan automatically`;
        finish({ result: unreadableScan(reason), workerDied: false, reusable: false });
      };
      let deadline = began + timeoutMs;
      let timer = setTimeout(late, timeoutMs);
      // A page OCR starts moves the limit to at least ocrPageMs from now.
      const extend = () => {
        const now = performance.now();
        if (deadline - now >= ocrPageMs) return;
        deadline = now + ocrPageMs;
        extended = true;
        clearTimeout(timer);
        timer = setTimeout(late, ocrPageMs);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      if (!pooled.alive) return died(`the scan could not start its worker: ${pooled.failure ?? 'it stopped'}`);
      worker.ref();
      // A copy moves to the worker; the caller keeps its bytes.
      const copy = bytes.slice();
      const job: ScanJob = { bytes: copy, hint: { ...hint } };
      worker.postMessage(job, [copy.buffer as ArrayBuffer]);
    });

  const scanOnce = async (pooled: PooledWorker, bytes: Uint8Array, hint: ExtractHint): Promise<Outcome> => {
    const outcome = await run(pooled, bytes, hint);
    if (outcome.reusable && !closed && pooled.jobs < MAX_JOBS) idle.push(pooled);
    else if (pooled.alive) stop(pooled);
    return outcome;
  };

  // One worker ready before the first scan.
  idle.push(spawn());

  return {
    async scan(bytes, hint) {
      const release = await slots.take();
      try {
        const pooled = idle.pop() ?? spawn();
        const reused = pooled.jobs > 0;
        const outcome = await scanOnce(pooled, bytes, hint);
        // What killed a worker that had scanned before may have been left by an earlier file.
        if (outcome.workerDied && reused && !closed) return (await scanOnce(spawn(), bytes, hint)).result;
        return outcome.result;
      } finally {
        release();
        // Keep one worker ready, so the next scan does not wait for one to start.
        if (!closed && idle.length === 0 && all.size < slots.size + 1) idle.push(spawn());
      }
    },
    async close() {
      closed = true;
      idle.length = 0;
      await Promise.all([...all].map((pooled) => pooled.worker.terminate()));
    },
  };
}

/** At most `size` holders at once; the others wait in order. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  async take(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
