import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../infra/local/demo/api-client';
import { freePort, runtimePorts } from '../../infra/local/ports';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime';
import { beijingDate } from '../../shared/calendar/beijing';
import { TERMINAL_STATUSES } from '../../shared/model/document';

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts the real local runtime (DynamoDB Local, s3rver, synthesized ASL, API) on free ports. */
export async function startTestRuntime(
  dataDir: string,
  options: Partial<LocalRuntimeOptions> = {},
): Promise<LocalRuntime> {
  return startLocalRuntime({ ...(await runtimePorts()), dataDir, ...options });
}

export { ApiClient, freePort, runtimePorts };

export const DEMO_METADATA = {
  title: '关于做好2026年冬季供暖保障工作的通知',
  agency: 'edu',
  department: 'office',
  category: '02',
  documentNumber: '台教发〔2026〕31号',
  formedAt: '2026-11-20',
  disclosure: 'proactive',
  origin: 'made',
  filename: 'notice.txt',
  contentType: 'text/plain',
} as const;

/** Registers a document as `uploader` and PUTs its bytes to the presigned URL. */
export function upload(
  uploader: ApiClient,
  bytes: string | Uint8Array,
  metadata: Record<string, unknown> = DEMO_METADATA,
) {
  return uploader.upload(metadata, bytes);
}

/** Today in Beijing, as the pipeline counts days. */
export const todayInBeijing = () => beijingDate(new Date());

/** Polls a document until it reaches `status` (or a final status), returning it. */
export async function waitForStatus(client: ApiClient, id: string, status: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await client.get(`/api/documents/${id}`)).body;
    if (last?.status === status) return last;
    if (TERMINAL_STATUSES.has(last?.status)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `document ${id} did not reach ${status}; it is ${last?.status}: ${JSON.stringify(last?.failure ?? last?.error)}`,
  );
}
