/**
 * A worker thread of worker-scanner.ts: loads the scan once, then scans the jobs it is given one
 * at a time, posting each ScanResult.
 */
import { parentPort } from 'node:worker_threads';
import { type ExtractHint, scanDocument } from '../../shared/review';

export interface ScanJob {
  readonly bytes: Uint8Array;
  readonly hint: ExtractHint;
}

parentPort?.on('message', async (job: ScanJob) => {
  parentPort?.postMessage(await scanDocument(job.bytes, job.hint));
});
