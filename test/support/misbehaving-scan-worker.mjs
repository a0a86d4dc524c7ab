// A scan worker for test/unit/review/worker-scanner.test.ts that misbehaves as the job's file
// name says: runs out of memory, never finishes, throws, exits, or answers like a scan (with the
// number of jobs this worker has had, so a test can tell a reused worker from a fresh one).
import { parentPort } from 'node:worker_threads';

let jobs = 0;
parentPort.on('message', ({ hint }) => {
  jobs++;
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
