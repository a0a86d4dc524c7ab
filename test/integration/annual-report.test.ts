import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { CONSISTENT_APPEALS, consistentRequests } from '../unit/report/fixtures';
import { ApiClient, startTestRuntime, tempDataDir, todayInBeijing, waitForStatus } from './support';

/**
 * 政府信息公开工作年度报告 on the real local runtime: written and submitted over the API, its DOCX
 * put where uploads go (s3rver), carried by the synthesized state machine through the scan and the
 * leader's sign-off, and published into the catalogue.
 */
describe('the annual report on the local runtime', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir);
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  it('OGI-26 FIVE-3 a submitted report is published through the pipeline and appears in the catalogue', async () => {
    const uploader = await new ApiClient(runtime.url).login('zhang.wei');
    const leader = await new ApiClient(runtime.url).login('li.na');
    const year = Number(todayInBeijing().slice(0, 4)) - 1;
    const path = `/api/annual-reports/edu/${year}`;
    const written = await uploader.call('PUT', path, {
      requests: consistentRequests(),
      appeals: CONSISTENT_APPEALS,
      sections: {
        overview: `${year}年，区教育局认真贯彻落实政府信息公开条例。`,
        problems: '政策解读形式较为单一。',
        other: '本年度未收取信息处理费。',
      },
    });
    expect(written.status, JSON.stringify(written.body)).toBe(200);

    const submitted = await uploader.post(`${path}/submit`, undefined);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const { documentId } = submitted.body;
    const waiting = await waitForStatus(uploader, documentId, 'AWAITING_SIGNOFF');
    expect(waiting).toMatchObject({
      category: '10',
      dueAt: `${year + 1}-01-31`,
      contentType: expect.stringContaining('wordprocessingml'),
    });

    const task = (await leader.get('/api/tasks')).body.entries.find(
      (t: { documentId: string }) => t.documentId === documentId,
    );
    expect((await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const published = await waitForStatus(uploader, documentId, 'PUBLISHED');
    expect(published.indexNumber).toMatch(new RegExp(`^0201-10-${year + 1}-\\d{6}$`));

    const catalog = (await new ApiClient(runtime.url).get(`/api/catalog?year=${year + 1}&category=10`)).body;
    const entries = Array.isArray(catalog) ? catalog : catalog.entries;
    const entry = entries.find((e: { documentId: string }) => e.documentId === documentId);
    expect(entry).toMatchObject({
      title: `区教育局${year}年政府信息公开工作年度报告`,
      indexNumber: published.indexNumber,
    });
    const copy = await fetch(`${runtime.url}${entry.url}`);
    expect(copy.status).toBe(200);
    expect(new Uint8Array(await copy.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    expect((await uploader.get(path)).body).toMatchObject({ status: 'published', documentId });
  });
});
