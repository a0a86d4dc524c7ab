/**
 * The local runtime in a process of its own, for the fault run (./index.ts), which kills it with
 * SIGKILL: `node --import tsx infra/local/fault-run/child.ts` with GONGKAI_FAULT_RUN (JSON: the
 * ports, the data directory, the sweeper's timing) and GONGKAI_FAULTS. Prints JSON lines:
 * `{"ready":true,"pid","javaPid"}` once it serves, then `{"faults":{…}}` every second (what it has
 * injected so far, in this life); runs until it is killed or sent SIGTERM.
 */
import { startLocalRuntime } from '../runtime';

interface ChildSettings {
  readonly ports: { api: number; dynamo: number; s3: number; oidc: number; sfn: number };
  readonly dataDir: string;
  readonly sweep: { everyMs: number; olderThanMs: number };
}

const settings = JSON.parse(process.env.GONGKAI_FAULT_RUN ?? 'null') as ChildSettings | null;
if (!settings) {
  console.error('set GONGKAI_FAULT_RUN to {"ports":{…},"dataDir":"…","sweep":{…}}');
  process.exit(2);
}
const { ports } = settings;
const runtime = await startLocalRuntime({
  port: ports.api,
  dynamoPort: ports.dynamo,
  s3Port: ports.s3,
  oidcPort: ports.oidc,
  sfnPort: ports.sfn,
  dataDir: settings.dataDir,
  sweep: settings.sweep,
  log: (m) => console.error(m),
});
console.log(JSON.stringify({ ready: true, pid: process.pid, javaPid: runtime.dynamo.pid }));
setInterval(() => console.log(JSON.stringify({ faults: runtime.faults.counts })), 1000).unref();

process.on('SIGTERM', async () => {
  await runtime.stop();
  process.exit(0);
});
