import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a running local runtime serves, written to `<data>/runtime.json` when it is up and removed
 * when it stops: `gongkai ops` reaches it by its data directory alone. A runtime killed with
 * SIGKILL leaves the file behind; a reader finds out when nothing answers there.
 */
export interface RuntimeInfo {
  readonly pid: number;
  readonly api: string;
  readonly dynamo: string;
  readonly s3: string;
  /** The local StartExecution endpoint (./sfn-endpoint.ts). */
  readonly sfn: string;
}

const file = (dataDir: string) => join(dataDir, 'runtime.json');

export function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(file(dataDir), `${JSON.stringify(info, null, 2)}\n`);
}

export function removeRuntimeInfo(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}

export function readRuntimeInfo(dataDir: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file(dataDir), 'utf8')) as Partial<RuntimeInfo>;
    const urls = [info.api, info.dynamo, info.s3, info.sfn];
    if (
      typeof info.pid !== 'number' ||
      urls.some((u) => typeof u !== 'string' || !/^http:\/\/127\.0\.0\.1:\d+$/.test(u))
    ) {
      return undefined;
    }
    return info as RuntimeInfo;
  } catch {
    return undefined;
  }
}
