import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StepName } from '../../../functions/steps/names';
import { ApiClient } from '../demo/api-client';
import { LOCAL_NAMES, startLocalRuntime } from '../runtime';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../services';
import { benchMetadata } from './metadata';
import { attachDynamoMeter, attachS3Meter, type WriteCharge } from './meter';

/** What one document costs on a path, in the units AWS bills. */
export interface PathCost {
  /** Write request units, computed from item sizes (./meter.ts), table and indexes. */
  wru: number;
  /** Read request units, computed from item sizes. */
  rru: number;
  dynamoRequests: number;
  /** S3 requests by price class; the agency's (and a reviewer's) presigned PUT included. */
  s3Requests: { put: number; get: number; other: number };
  /** Step Lambda invocations and their GB-seconds (duration here × the function's memory in the template). */
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  /** States entered by the document's executions (what Step Functions Standard bills). */
  transitions: number;
}

export interface PathDetail extends PathCost {
  /** API requests the people made for it (each an API Lambda invocation on AWS). */
  apiRequests: number;
  /** Document reads (GetItem of its DOC item) in the steps, per step invocation. */
  documentReadsPerStep: number;
  byStep: Partial<Record<StepName, number>>;
  dynamoByCommand: Record<string, number>;
  /** The writes, grouped by kind of item: how many, bytes (largest), WRU. */
  writes: Record<string, { count: number; maxBytes: number; wru: number }>;
}

const HAPPY_TEXT = '各学校：请做好冬季供暖保障工作，确保师生安全过冬。';
/** A notice whose text (about 16 KB) goes to the pre-review group: it carries an ID number. */
const REVIEW_TEXT = `关于低保对象复核情况的通报\n申请人赵某某 身份证号 370405198003121232\n${'经复核，该户家庭收入情况属实，符合最低生活保障条件，予以继续享受。'.repeat(160)}`;

const kindOf = (w: WriteCharge) => {
  if (w.pk.startsWith('DOC#')) return w.sk === 'DOC' ? 'document' : 'audit event';
  return w.pk.split('#')[0]?.toLowerCase() + (w.sk.startsWith('OPEN#') ? ' open' : '');
};

/**
 * Runs documents one at a time through a fresh local runtime (its own temp data folder and ports),
 * metering every DynamoDB and S3 request and every step while each one runs: the happy path
 * (upload → cleared → signed off → published) and the review path (upload with personal data →
 * pre-review group clears it → signed off → published). The people open their inbox (the one task
 * in it) and decide; the reviewer also reads the excerpt. Figures are per document, the mean of
 * `runs` after one of each, which warms the runtime up.
 */
export async function measureWriteUnits(
  options: { runs?: number; port?: number } = {},
): Promise<{ happy: PathDetail; review: PathDetail }> {
  const runs = options.runs ?? 3;
  const port = options.port ?? 3960;
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-wru-'));
  const steps: Array<{ step: StepName; ms: number }> = [];
  const stepContext = new AsyncLocalStorage<StepName>();
  const runtime = await startLocalRuntime({
    port,
    dataDir,
    sweep: { everyMs: 3_600_000 },
    wrapStep: (step, handler) => async (input) => {
      const started = performance.now();
      try {
        return await stepContext.run(step, () => handler(input));
      } finally {
        steps.push({ step, ms: performance.now() - started });
      }
    },
  });
  const raw = new DynamoDBClient({
    endpoint: runtime.dynamo.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const dynamo = attachDynamoMeter(runtime.dynamo.client, raw, () => stepContext.getStore() !== undefined);
    const s3 = attachS3Meter(runtime.s3.client);
    let transitions = 0;
    runtime.workflow.onStateEntered = () => {
      transitions++;
    };
    let apiRequests = 0;
    let presignedPuts = 0;
    const counted = (client: ApiClient) => {
      const call = client.call.bind(client);
      client.call = (method, path, body) => {
        apiRequests++;
        return call(method, path, body);
      };
      return client;
    };
    const uploader = counted(await new ApiClient(runtime.url).login('zhang.wei'));
    const leader = counted(await new ApiClient(runtime.url).login('li.na'));
    const reviewer = counted(await new ApiClient(runtime.url).login('wang.fang'));

    // Status and task ids are read past the meter: the bench's own polling is no cost of the document.
    const docOf = async (id: string) => {
      const out = await raw.send(
        new GetItemCommand({
          TableName: LOCAL_NAMES.table,
          Key: { pk: { S: `DOC#${id}` }, sk: { S: 'DOC' } },
          ConsistentRead: true,
        }),
      );
      return out.Item ? (unmarshall(out.Item) as { status: string; openTaskId?: string }) : undefined;
    };
    const until = async (id: string, status: string) => {
      for (;;) {
        const doc = await docOf(id);
        if (doc?.status === status) return doc;
        if (doc && ['FAILED', 'REJECTED', 'WITHHELD', 'RETURNED'].includes(doc.status)) {
          throw new Error(`${id} ended ${doc.status}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const metadata = (title: string) => benchMetadata(title);
    const decide = async (person: ApiClient, id: string, status: string, decision: string) => {
      const doc = await until(id, status);
      await runtime.workflow.settled();
      const inbox = (await person.get('/api/tasks')).body.entries as Array<{
        id: string;
        document?: { text?: string };
      }>;
      const task = inbox.find((t) => t.id === doc.openTaskId);
      if (!task) throw new Error(`no task ${doc.openTaskId} in the inbox`);
      if (status === 'IN_REVIEW' && (task.document?.text ?? (await excerptRoute(person, task.id))) === undefined) {
        throw new Error('the reviewer sees no excerpt');
      }
      const res = await person.post(`/api/tasks/${task.id}/decision`, { decision });
      if (res.status >= 300) throw new Error(`decision ${decision}: ${res.status} ${JSON.stringify(res.body)}`);
    };

    const one = async (path: 'happy' | 'review', i: number) => {
      const id = await uploader.upload(
        metadata(`${path} ${i}`),
        path === 'happy' ? `${HAPPY_TEXT}（第${i}份）` : `${REVIEW_TEXT}（第${i}份）`,
      );
      presignedPuts++;
      if (path === 'review') await decide(reviewer, id, 'IN_REVIEW', 'clear');
      await decide(leader, id, 'AWAITING_SIGNOFF', 'approve');
      await until(id, 'PUBLISHED');
      await runtime.workflow.settled();
    };

    const measure = async (path: 'happy' | 'review'): Promise<PathDetail> => {
      await one(path, 0);
      dynamo.reset();
      s3.reset();
      steps.length = 0;
      transitions = 0;
      apiRequests = 0;
      presignedPuts = 0;
      for (let i = 1; i <= runs; i++) await one(path, i);
      const u = dynamo.usage;
      const writes: PathDetail['writes'] = {};
      for (const w of u.writes) {
        const k = kindOf(w);
        const g = writes[k] ?? { count: 0, maxBytes: 0, wru: 0 };
        writes[k] = g;
        g.count++;
        g.maxBytes = Math.max(g.maxBytes, w.bytes);
        g.wru += w.wru;
      }
      for (const g of Object.values(writes)) {
        g.count /= runs;
        g.wru /= runs;
      }
      const byStep: Partial<Record<StepName, number>> = {};
      for (const s of steps) byStep[s.step] = (byStep[s.step] ?? 0) + 1;
      for (const step of Object.keys(byStep) as StepName[]) byStep[step] = (byStep[step] ?? 0) / runs;
      const gbSeconds = steps.reduce(
        (sum, s) => sum + (s.ms / 1000) * ((runtime.definition.stepMemoryMb[s.step] ?? 128) / 1024),
        0,
      );
      return {
        wru: u.wru / runs,
        rru: u.rru / runs,
        dynamoRequests: u.requests / runs,
        s3Requests: {
          put: (s3.usage.put + presignedPuts) / runs,
          get: s3.usage.get / runs,
          other: s3.usage.other / runs,
        },
        lambdaInvocations: steps.length / runs,
        lambdaGbSeconds: Math.round((gbSeconds / runs) * 1e4) / 1e4,
        transitions: transitions / runs,
        apiRequests: apiRequests / runs,
        documentReadsPerStep: Math.round((u.documentReads.steps / Math.max(1, steps.length)) * 100) / 100,
        byStep,
        dynamoByCommand: Object.fromEntries(Object.entries(u.byCommand).map(([k, v]) => [k, v / runs])),
        writes,
      };
    };
    const happy = await measure('happy');
    const review = await measure('review');
    return { happy, review };
  } finally {
    raw.destroy();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The reviewer's excerpt: its own route once the excerpt left the document item, else in the inbox. */
async function excerptRoute(person: ApiClient, taskId: string): Promise<string | undefined> {
  const res = await person.get(`/api/tasks/${taskId}/excerpt`);
  return res.status === 200 ? (res.body as { text?: string }).text : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { happy, review } = await measureWriteUnits();
  console.log(JSON.stringify({ happy, review }, null, 2));
  process.exit(0);
}
