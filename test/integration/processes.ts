import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimePorts } from '../../infra/local/ports';
import { fromRoot } from '../../infra/paths';

/**
 * The local runtime in a child process (crash-runtime.ts), for tests that kill it with SIGKILL as a
 * crash would. Every process started is added to `pids`, which the test kills in afterAll.
 */

/**
 * Whether a process still runs. A zombie nobody reaps (an orphan under a pid 1 that does not) has
 * exited once its last thread is gone — only then are its file locks released.
 */
export function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return (state !== 'Z' && state !== 'X') || readdirSync(`/proc/${pid}/task`).length > 1;
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Kills a process with SIGKILL and waits until it is gone. */
export async function killHard(pid: number | undefined): Promise<void> {
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGKILL');
  await until(() => !alive(pid), `process ${pid} to die`);
}

/** The DynamoDB Local (Java) serving a data directory, found by its command line. */
export function javaOf(dataDir: string): number | undefined {
  const dbPath = join(dataDir, 'dynamodb');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.endsWith('DynamoDBLocal.jar')) && args.includes(dbPath) && alive(Number(entry))) {
        return Number(entry);
      }
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

export interface RuntimeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<unknown>;
  /** The first line of JSON on stdout that `accept` takes; rejects when the process exits first. */
  line<T = any>(accept: (line: any) => boolean, timeoutMs?: number): Promise<T>;
}

/** Starts crash-runtime.ts on these ports and data directory (and demo options, if any). */
export function spawnRuntime(
  ports: RuntimePorts,
  dataDir: string,
  pids: Set<number>,
  demo?: { perAgencyYear?: number; agencies?: number },
): RuntimeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('test/integration/crash-runtime.ts')], {
    cwd: fromRoot('.'),
    env: {
      ...process.env,
      GONGKAI_CRASH_PORTS: JSON.stringify(ports),
      GONGKAI_CRASH_DATA: dataDir,
      ...(demo ? { GONGKAI_CRASH_DEMO: JSON.stringify(demo) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!child.pid) throw new Error('could not start the runtime process');
  pids.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const lines: unknown[] = [];
  let partial = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (d) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) {
      if (part.startsWith('{')) lines.push(JSON.parse(part));
    }
    for (const listener of listeners) listener();
  });
  return {
    child,
    pid: child.pid,
    exited,
    line(accept, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(accept);
          if (found === undefined) return;
          done();
          resolve(found as never);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no such line from the runtime within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        const onExit = (code: unknown) => {
          done();
          reject(new Error(`the runtime exited (${code}) first:\n${stderr}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}

/** Starts the runtime in a child process and waits until it serves. */
export async function startRuntimeProcess(ports: RuntimePorts, dataDir: string, pids: Set<number>) {
  const runtime = spawnRuntime(ports, dataDir, pids);
  const ready = await runtime.line<{ url: string; pid: number; javaPid: number }>((l) => l.ready === true);
  pids.add(ready.javaPid);
  return { ...runtime, url: ready.url, javaPid: ready.javaPid };
}
