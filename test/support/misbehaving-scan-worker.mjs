// A scan worker for test/integration/worker-scanner.test.ts that misbehaves as the job's file
// name says: runs out of memory, never finishes, throws, exits, reads "OCR pages" (posting each
// page as it starts, 300 ms apart, as scan-worker.ts does; then stalls, or answers), or answers
// like a scan (with the number of jobs this worker has had, so a test can tell a reused worker
// from a fresh one).
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';

let jobs = 0;
async function ocrPages(pages, stall, filename) {
  for (let page = 1; page <= pages; page++) {
    parentPort.postMessage({ ocrPage: page });
    await sleep(300);
  }
  if (stall) for (;;);
  parentPort.postMessage({
    decision: 'clear',
    findings: [],
    extracted: true,
    format: 'text',
    text: `${filename} ${jobs}`,
  });
}

parentPort.on('message', ({ hint }) => {
  jobs++;
  const ocr = /^ocr-(\d+)-pages(-then-stall)?$/.exec(hint.filename ?? '');
  if (ocr) {
    void ocrPages(Number(ocr[1]), Boolean(ocr[2]), hint.filename);
    return;
  }
  switch (hint.filename) {
    case 'allocate': {
      const kept = [];
      for (;;) kept.push(Array.from({ length: 10_000 }, (_, i) => ({ i })));
    }
    case 'allocate-if-reused': {
      if (jobs === 1) break;
      const kept = [];
      for (;;) kept.push(Array.from({ length: 10_000 }, (_, i) => ({ i })));
    }
    case 'spin':
      for (;;);
    case 'throw':
      throw new Error('extractor bug');
    case 'exit':
      process.exit(3);
      break;
    default:
      break;
  }
  parentPort.postMessage({
    decision: 'clear',
    findings: [],
    extracted: true,
    format: 'text',
    text: `${hint.filename} ${jobs}`,
  });
});
