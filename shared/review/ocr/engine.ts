/**
 * Tesseract (tesseract.js 7: Tesseract 5 compiled to WebAssembly, Apache-2.0) in a worker thread of
 * its own, driven through the message protocol of tesseract.js's Node worker script. Not through
 * tesseract.js's `createWorker`: that one never settles when the language data cannot be loaded
 * (the worker then keeps the process alive for good) and throws from its message handler when a
 * page fails. Here every failure is an error of the call that caused it, a page that takes too long
 * stops the engine, and the thread holds no process open while it waits for work (`unref`): the CLI
 * exits when its scan is done, a warm Lambda keeps its engine for the next file.
 *
 * Nothing is downloaded: the WebAssembly core is tesseract.js-core from node_modules (the worker
 * script requires it; tesseract.js ignores `corePath` in Node), the language data is read from
 * `langPath` (`cacheMethod: 'none'`, `gzip: false`: the .traineddata files as Debian ships them).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Page } from 'tesseract.js';

/** tesseract.js's OEM.LSTM_ONLY: the neural engine, which the tessdata_fast models are for. */
const LSTM_ONLY = 1;

export interface EngineOptions {
  readonly langPath: string;
  readonly languages: readonly string[];
  readonly startTimeoutMs: number;
  readonly pageTimeoutMs: number;
  /** Tesseract parameters set after start (page segmentation mode …). */
  readonly parameters?: Readonly<Record<string, string>>;
}

type Reply = {
  readonly jobId: string;
  readonly action: string;
  readonly status: 'resolve' | 'reject' | 'progress';
  readonly data: unknown;
};

/** Where tesseract.js's Node worker script is (in node_modules, or the review Lambda's layer). */
export function tesseractWorkerScript(): string {
  // The Lambda bundle is CommonJS, where `require` is the module's own (and NODE_PATH reaches the
  // layer's /opt/nodejs/node_modules); elsewhere this file is an ES module.
  const resolve = typeof require === 'function' ? require.resolve : createRequire(import.meta.url).resolve;
  return resolve('tesseract.js/src/worker-script/node/index.js');
}

export class TesseractEngine {
  private readonly worker: Worker;
  private readonly pending = new Map<string, { resolve: (data: unknown) => void; reject: (e: Error) => void }>();
  private jobs = 0;
  private busy = 0;
  private exited: Error | undefined;

  private constructor(
    script: string,
    private readonly pageTimeoutMs: number,
  ) {
    // Not the parent's flags (tsx's loader, vitest's): the worker script is plain CommonJS.
    this.worker = new Worker(script, { execArgv: [] });
    this.worker.on('message', (reply: Reply) => this.onReply(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the OCR engine stopped (exit code ${code})`)));
    this.worker.unref();
  }

  /** Starts the engine and loads the languages; rejects (and stops it) when it cannot. */
  static async start(script: string, options: EngineOptions): Promise<TesseractEngine> {
    const engine = new TesseractEngine(script, options.pageTimeoutMs);
    try {
      await engine.within(options.startTimeoutMs, 'start', async () => {
        // The Node worker script hands `lstmOnly` to its core loader as an OEM, which picks the
        // LSTM-only core for OEM 1 (given `true`, as tesseract.js's createWorker gives it, the
        // loader takes the larger core with the legacy engine, which the layer does not ship).
        await engine.call('load', { options: { lstmOnly: LSTM_ONLY, corePath: undefined, logging: false } });
        await engine.call('loadLanguage', {
          langs: [...options.languages],
          options: { langPath: options.langPath, cacheMethod: 'none', gzip: false, lstmOnly: true },
        });
        await engine.call('initialize', { langs: options.languages.join('+'), oem: LSTM_ONLY, config: {} });
        if (options.parameters) await engine.call('setParameters', { params: { ...options.parameters } });
      });
    } catch (error) {
      await engine.terminate();
      throw error;
    }
    return engine;
  }

  /** Pages recognised so far. */
  get pages(): number {
    return this.jobs;
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /**
   * Recognises one image (bytes of a PNG, JPEG, TIFF or PNM) into its text and its blocks, with the
   * boxes of every paragraph, line and word. `parameters` hold for this image only.
   */
  async recognize(image: Uint8Array, parameters: Readonly<Record<string, string>> = {}): Promise<Page> {
    this.jobs++;
    return (await this.within(this.pageTimeoutMs, 'page', () =>
      this.call('recognize', { image, options: { ...parameters }, output: { text: true, blocks: true } }),
    )) as Page;
  }

  async terminate(): Promise<void> {
    this.fail(new Error('the OCR engine was stopped'));
    await this.worker.terminate();
  }

  private call(action: string, payload: unknown): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const jobId = `${action}-${++callCounter}`;
    return new Promise((resolve, reject) => {
      this.pending.set(jobId, { resolve, reject });
      // While a call is out, the thread keeps the process alive; idle, it does not.
      if (this.busy++ === 0) this.worker.ref();
      this.worker.postMessage({ workerId: 'gongkai', jobId, action, payload });
    });
  }

  private onReply(reply: Reply): void {
    if (reply.status === 'progress') return;
    const waiting = this.pending.get(reply.jobId);
    if (!waiting) return;
    this.settled(reply.jobId);
    if (reply.status === 'resolve') waiting.resolve(reply.data);
    else waiting.reject(new Error(String(reply.data).replace(/^Error: /, '')));
  }

  private settled(jobId: string): void {
    this.pending.delete(jobId);
    if (--this.busy === 0) this.worker.unref();
  }

  private fail(error: Error): void {
    this.exited ??= error;
    for (const [jobId, waiting] of [...this.pending]) {
      this.settled(jobId);
      waiting.reject(this.exited);
    }
  }

  /** Runs `work`; past `ms` the engine is stopped (a page that stalls it would stall every page after). */
  private async within<T>(ms: number, what: 'start' | 'page', work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(
          what === 'start'
            ? `the OCR engine did not start within ${ms / 1000} s`
            : `OCR of one page did not finish within ${ms / 1000} s`,
        );
        reject(error);
        this.fail(error);
        void this.worker.terminate();
      }, ms);
      timer.unref();
    });
    try {
      return await Promise.race([work(), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

let callCounter = 0;
