/**
 * A worker thread of worker-scanner.ts: loads the scan once, then scans the jobs it is given one
 * at a time, posting each ScanResult. Scans are read by OCR when this machine has the language
 * data (shared/review/ocr); each page OCR starts is posted first (ScanProgress), and gives the
 * scan more time.
 */
import { parentPort } from 'node:worker_threads';
import { type ExtractHint, scanDocument } from '../../shared/review';
import { defaultExtractOptions } from '../../shared/review/ocr';

export interface ScanJob {
  readonly bytes: Uint8Array;
  readonly hint: ExtractHint;
}

/** Posted as OCR starts a page, before the result. */
export interface ScanProgress {
  readonly ocrPage: number;
}

parentPort?.on('message', async (job: ScanJob) => {
  const onPage = (page: number) => parentPort?.postMessage({ ocrPage: page } satisfies ScanProgress);
  parentPort?.postMessage(await scanDocument(job.bytes, job.hint, defaultExtractOptions({ onPage })));
});
