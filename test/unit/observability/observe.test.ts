import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logKeysOfApiEvent, logKeysOfStep, outcomeOf } from '../../../functions/observability/log-keys';
import { observedApi, observedStep, signals } from '../../../functions/observability/observe';
import { ConflictError } from '../../../shared/model/errors';
import { SIGNALS } from '../../../shared/model/signals';

/**
 * What the Lambdas write to their logs (Powertools Logger, JSON lines) and metrics (EMF): the
 * document, step and execution as keys, never a title, a text, a finding or a query.
 */

const ID = '0b1d6c52-7d7e-4a8e-9f3e-2b9b8f0f5a41';
const EXECUTION = 'arn:aws:states:cn-north-1:000000000000:execution:gongkai:s3-1';
const TITLE = '关于张三低保申请的批复';

/** Log lines, from stdout and stderr (where Powertools writes errors) alike, in order. */
let lines: Array<Record<string, unknown>> = [];
const streams = [process.stdout, process.stderr];
let writes: Array<typeof process.stdout.write> = [];

beforeEach(() => {
  lines = [];
  writes = streams.map((s) => s.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
      return true;
    }) as typeof process.stdout.write;
  }
});
afterEach(() => {
  streams.forEach((stream, i) => {
    stream.write = writes[i] as typeof process.stdout.write;
  });
});

describe('step logs', () => {
  it('one line per step with its document, step and execution, and only where the flow goes', async () => {
    const handler = observedStep('review', async () => ({ decision: 'needs-review', findings: 2, text: TITLE }));
    await handler({ documentId: ID, executionId: EXECUTION, title: TITLE });
    const line = lines.find((l) => l.message === 'step finished');
    expect(line).toMatchObject({
      level: 'INFO',
      service: 'gongkai',
      step: 'review',
      documentId: ID,
      executionId: EXECUTION,
      outcome: { decision: 'needs-review', findings: 2 },
    });
    expect(JSON.stringify(lines)).not.toContain('张三');
  });

  it('a failed step logs its error by class and message, and throws it on (the retry policy reads the name)', async () => {
    const handler = observedStep('publish', async () => {
      throw new ConflictError(`document ${ID} is SIGNED_OFF, not ROUTED`);
    });
    await expect(handler({ documentId: ID, executionId: EXECUTION })).rejects.toBeInstanceOf(ConflictError);
    expect(lines.find((l) => l.message === 'failed')).toMatchObject({
      level: 'ERROR',
      step: 'publish',
      documentId: ID,
      error: { name: 'ConflictError', message: `document ${ID} is SIGNED_OFF, not ROUTED` },
    });
    // Keys are per invocation: the next one does not inherit this document.
    await observedStep('route', async () => ({}))({});
    expect(lines.at(-1)).not.toHaveProperty('documentId');
  });

  it('metrics a step tells are written as EMF in the Gongkai namespace, with the service dimension', async () => {
    await observedStep('publish', async () => {
      signals({ name: SIGNALS.published, value: 1, unit: 'Count' });
      return {};
    })({ documentId: ID });
    const emf = lines.find((l) => l._aws !== undefined);
    expect(emf).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          { Namespace: 'Gongkai', Dimensions: [['service']], Metrics: [{ Name: 'DocumentsPublished', Unit: 'Count' }] },
        ],
      },
      service: 'gongkai',
      DocumentsPublished: 1,
    });
  });
});

describe('metrics with a dimension of their own', () => {
  it('findings by kind are written at once, with the service and kind dimensions the dashboard reads', () => {
    signals({ name: SIGNALS.findings, value: 2, unit: 'Count', dimension: { name: 'kind', value: 'mobile' } });
    expect(lines.find((l) => l._aws !== undefined)).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          { Namespace: 'Gongkai', Dimensions: [['service', 'kind']], Metrics: [{ Name: 'Findings' }] },
        ],
      },
      service: 'gongkai',
      kind: 'mobile',
      Findings: 2,
    });
  });
});

describe('what goes into the keys', () => {
  it('finds the document of every step payload: an upload event, a resume, a failure, a plain step', () => {
    expect(
      logKeysOfStep('intake', { event: { detail: { object: { key: `uploads/${ID}` } } }, executionId: EXECUTION }),
    ).toEqual({
      step: 'intake',
      documentId: ID,
      executionId: EXECUTION,
    });
    expect(logKeysOfStep('intake', { event: { resume: { documentId: ID } } })).toEqual({
      step: 'intake',
      documentId: ID,
    });
    expect(logKeysOfStep('recordFailure', { state: { intake: { documentId: ID }, title: TITLE } })).toEqual({
      step: 'recordFailure',
      documentId: ID,
    });
    expect(logKeysOfStep('route', { documentId: TITLE })).toEqual({ step: 'route' });
  });

  it('a request: method and path, the document it names; never the query string', () => {
    const keys = logKeysOfApiEvent({
      rawPath: `/api/documents/${ID}/rerun`,
      rawQueryString: 'q=张三',
      requestContext: { http: { method: 'POST' }, requestId: 'r-1' },
    });
    expect(keys).toEqual({ route: `POST /api/documents/${ID}/rerun`, requestId: 'r-1', documentId: ID });
    expect(outcomeOf({ next: 'publish', publisher: 'edu', findings: [{ text: TITLE }] })).toEqual({ next: 'publish' });
  });

  it('a request answered 5xx is logged as an error, with its status', async () => {
    const api = observedApi(async () => ({ statusCode: 503, body: TITLE }));
    await api({ rawPath: '/api/catalog', requestContext: { http: { method: 'GET' } } }, {} as never);
    expect(lines.find((l) => l.message === 'request')).toMatchObject({
      level: 'ERROR',
      status: 503,
      route: 'GET /api/catalog',
    });
    expect(JSON.stringify(lines)).not.toContain('张三');
  });
});
