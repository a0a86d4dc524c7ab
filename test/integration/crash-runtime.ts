/**
 * The local runtime in a process of its own, for the tests that kill it with SIGKILL (crash.test.ts,
 * demo-resume.test.ts): `node --import tsx test/integration/crash-runtime.ts` with
 * GONGKAI_CRASH_PORTS (the runtime's ports as JSON, `RuntimePorts`), GONGKAI_CRASH_DATA (the data directory) and optionally
 * GONGKAI_CRASH_DEMO (the demoHistory options as JSON, e.g. {"perAgencyYear":2,"agencies":2}).
 * Prints lines of JSON: `{"progress":done,"total":n}` as demo documents complete, and
 * `{"ready":true,"url","pid","javaPid"}` once it serves; then runs until it is killed.
 */

import type { RuntimePorts } from '../../infra/local/ports';
import { startLocalRuntime } from '../../infra/local/runtime';

const ports = JSON.parse(process.env.GONGKAI_CRASH_PORTS ?? '{}') as Partial<RuntimePorts>;
const dataDir = process.env.GONGKAI_CRASH_DATA;
if (!ports.port || !ports.dynamoPort || !ports.s3Port || !ports.oidcPort || !ports.sfnPort || !dataDir) {
  console.error("set GONGKAI_CRASH_PORTS to the runtime's ports as JSON and GONGKAI_CRASH_DATA=<dir>");
  process.exit(2);
}

const demo = process.env.GONGKAI_CRASH_DEMO;
const runtime = await startLocalRuntime({
  ...ports,
  dataDir,
  log: (m) => console.error(m),
  ...(demo
    ? {
        demoHistory: {
          ...(JSON.parse(demo) as { perAgencyYear?: number; agencies?: number }),
          onProgress: (done: number, total: number) => console.log(JSON.stringify({ progress: done, total })),
        },
      }
    : {}),
});
console.log(JSON.stringify({ ready: true, url: runtime.url, pid: process.pid, javaPid: runtime.dynamo.pid }));

process.on('SIGTERM', async () => {
  await runtime.stop();
  process.exit(0);
});
