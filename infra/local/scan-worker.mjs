// The worker thread of worker-scanner.ts. Plain JavaScript, so that a Worker starts it the same
// way wherever the runtime runs (under tsx for `npm start`, under vitest in the tests, plain node):
// it registers tsx in this thread and then runs the TypeScript scan.
import { register } from 'tsx/esm/api';

register();
await import('./scan-worker.ts');
