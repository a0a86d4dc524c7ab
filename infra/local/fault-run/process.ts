import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fromRoot } from '../../paths';

/** The runtime's child process (./child.ts): started, awaited, killed as a crash kills it. */

/** Whether a process still runs (a zombie whose last thread is gone does not: its locks are released). */
export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
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

export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface RuntimeChild {
  readonly pid: number;
  readonly javaPid: number;
  readonly exited: Promise<unknown>;
  /** What it has injected in this life (its last report). */
  faults(): Record<string, number>;
  stderr(): string;
}

/** Starts the runtime process and resolves once it serves (a restart resumes what was in flight first). */
export function startChild(settings: object, faults: string, pids: Set<number>, timeoutMs = 600_000) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fromRoot('infra/local/fault-run/child.ts')], {
    cwd: fromRoot('.'),
    env: { ...process.env, GONGKAI_FAULT_RUN: JSON.stringify(settings), GONGKAI_FAULTS: faults },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!child.pid) throw new Error('could not start the runtime process');
  const pid = child.pid;
  pids.add(pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-20_000);
  });
  let faultCounts: Record<string, number> = {};
  let partial = '';
  return new Promise<RuntimeChild>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the runtime did not start in time:\n${stderr}`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the runtime exited (${code}) before it served:\n${stderr}`));
    });
    child.stdout?.on('data', (d) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const message = JSON.parse(line) as { ready?: boolean; javaPid?: number; faults?: Record<string, number> };
        if (message.faults) faultCounts = message.faults;
        if (message.ready && message.javaPid) {
          clearTimeout(timer);
          pids.add(message.javaPid);
          resolve({ pid, javaPid: message.javaPid, exited, faults: () => faultCounts, stderr: () => stderr });
        }
      }
    });
  });
}

/** kill -9 of the runtime and its DynamoDB Local, as a crash of the machine's processes would. */
export async function killHard(child: RuntimeChild): Promise<void> {
  for (const pid of [child.pid, child.javaPid]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  await child.exited;
  await until(() => !alive(child.javaPid), `DynamoDB Local (pid ${child.javaPid}) to die`);
}

/** A clean stop (SIGTERM): documents in flight stay as they are, to be resumed by a next start. */
export async function stopChild(child: RuntimeChild): Promise<void> {
  if (!alive(child.pid)) return;
  process.kill(child.pid, 'SIGTERM');
  await Promise.race([child.exited, new Promise((r) => setTimeout(r, 30_000))]);
  if (alive(child.pid)) await killHard(child);
}
