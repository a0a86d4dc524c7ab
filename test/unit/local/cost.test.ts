import { describe, expect, it } from 'vitest';
import { costPer1000, type DocumentUsage } from '../../../infra/local/bench/cost';

const none: DocumentUsage = {
  transitions: 0,
  lambdaInvocations: 0,
  lambdaGbSeconds: 0,
  wru: 0,
  rru: 0,
  s3Requests: { put: 0, get: 0, other: 0 },
  sqsRequests: 0,
  apiRequests: 0,
  logBytes: 0,
  traces: 0,
};

describe('the benchmark prices 1,000 documents from what one document used', () => {
  it('nothing used costs nothing', () => {
    expect(costPer1000(none).total).toBe(0);
  });

  it('each item at its list price: 10 transitions are $0.25, 80 WRU $0.05, 2 PUTs $0.01 (hand-computed)', () => {
    const line = (item: string, usage: Partial<DocumentUsage>) =>
      costPer1000({ ...none, ...usage }).lines.find((l) => l.item.startsWith(item))?.per1000;
    expect(line('Step Functions', { transitions: 10 })).toBeCloseTo(0.25, 10);
    expect(line('DynamoDB WRU', { wru: 80 })).toBeCloseTo(0.05, 10);
    expect(line('DynamoDB RRU', { rru: 8 })).toBeCloseTo(0.001, 10);
    expect(line('S3 PUT', { s3Requests: { put: 2, get: 0, other: 0 } })).toBeCloseTo(0.01, 10);
    expect(line('Lambda GB-s', { lambdaGbSeconds: 1 })).toBeCloseTo(0.0133334, 10);
    expect(line('CloudWatch Logs', { logBytes: 1024 ** 3 / 1000 })).toBeCloseTo(0.5, 10);
  });

  it('the total is the sum of its lines', () => {
    const usage: DocumentUsage = {
      ...none,
      transitions: 7,
      wru: 40,
      rru: 12,
      lambdaInvocations: 5,
      lambdaGbSeconds: 0.9,
      traces: 1,
    };
    const { lines, total } = costPer1000(usage);
    expect(total).toBeCloseTo(
      lines.reduce((s, l) => s + l.per1000, 0),
      12,
    );
    expect(total).toBeCloseTo(0.175 + 0.025 + 0.0015 + 0.001 + 0.012 + 0.005, 4);
  });
});
