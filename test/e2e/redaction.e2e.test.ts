import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, todayInBeijing, waitForStatus } from '../integration/support';
import { renderScan } from '../unit/review/ocr-scans';
import { type BrowserWorld, SHOTS, signIn, signOut, startBrowserWorld, WAIT } from './support';

/**
 * Issue 9 in the browser: a redaction that missed a number is scanned again in all its parts, and
 * the reviewer sees the findings of both versions side by side; a scanned upload (PNG) is read by
 * OCR, goes to the reviewer whatever was found, with its findings on their page and a warning
 * that a machine read the text.
 */
let world: BrowserWorld;
let page: Page;
const token = `e2e${Date.now().toString(36)}`;
const ID = '370405198003121232';
const MOBILE = '13812345678';

const metadata = (title: string, filename: string, contentType: string) => ({
  title,
  agency: 'edu',
  department: 'office',
  category: '02',
  formedAt: todayInBeijing(),
  disclosure: 'proactive',
  origin: 'made',
  filename,
  contentType,
});

async function reviewTask(reviewer: ApiClient, documentId: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    const tasks = (await reviewer.get('/api/tasks')).body.entries as Array<{
      id: string;
      documentId: string;
      kind: string;
    }>;
    const task = tasks.find((t) => t.documentId === documentId && t.kind === 'review');
    if (task) return task;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no review task for ${documentId}`);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startBrowserWorld();
  page = world.page;
}, 180_000);

afterAll(async () => {
  await world?.close();
});

describe('issue 9: redaction side by side, scans read by OCR', () => {
  it('a redaction that kept the ID number: both versions’ findings side by side, what was removed marked', async () => {
    const title = `关于发放困难学生补助的公示（对照）${token}`;
    const uploader = await new ApiClient(world.runtime.url).login('zhang.wei');
    const id = await uploader.upload(
      metadata(title, 'list.txt', 'text/plain'),
      `${title}\n\n受助学生家长：王某，身份证号${ID}，联系电话 ${MOBILE}。\n\n区教育局\n`,
    );
    await waitForStatus(uploader, id, 'IN_REVIEW', 60_000);

    // The reviewer redacts, through the API, a version that still has the ID number.
    const reviewer = await new ApiClient(world.runtime.url).login('wang.fang');
    const first = await reviewTask(reviewer, id);
    const slot = (await reviewer.post(`/api/tasks/${first.id}/redaction`, { contentType: 'text/plain' })).body as {
      redactionKey: string;
      uploadUrl: string;
    };
    const put = await fetch(slot.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: `${title}\n\n受助学生家长：王某，身份证号${ID}，联系电话（已删除）。\n\n区教育局\n`,
    });
    expect(put.ok).toBe(true);
    const decided = await reviewer.post(`/api/tasks/${first.id}/decision`, {
      decision: 'redact',
      redactionKey: slot.redactionKey,
    });
    expect(decided.status).toBe(200);
    const second = await reviewTask(reviewer, id);
    expect(second.id).not.toBe(first.id);

    await signIn(world, 'wang.fang');
    await page.waitForURL('**/inbox', WAIT);
    const card = page.locator(`[data-task-id="${second.id}"]`);
    await card.waitFor(WAIT);
    const compare = card.getByTestId('redaction-compare');
    await compare.waitFor(WAIT);
    const before = compare.locator('[data-side="before"] .finding-item');
    const after = compare.locator('[data-side="after"] .finding-item');
    expect(await before.count()).toBe(2);
    expect(await after.count()).toBe(1);
    expect(await compare.locator('[data-side="before"]').textContent()).toContain('删除前（被替换的版本）：2 处');
    // The mobile was removed; the ID number is still there, in both.
    expect(await before.filter({ hasText: MOBILE }).textContent()).toContain('已删除');
    expect(await before.filter({ hasText: ID }).textContent()).toContain('仍存在');
    expect(await after.textContent()).toContain(ID);
    // The text with the findings is the redacted version's, read from its own object as the card opened.
    const excerpt = card.locator('.excerpt-box');
    await excerpt.waitFor(WAIT);
    expect(await excerpt.textContent()).toContain('联系电话（已删除）');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SHOTS, '20-redaction-side-by-side.png') });

    // The document page shows the same.
    await page.goto(`${world.runtime.url}/documents/${id}`);
    await page.getByTestId('redaction-compare').waitFor(WAIT);
    await signOut(world);
  }, 120_000);

  it('a PNG scan: read by OCR, to the reviewer with its findings on page 1 and the OCR warning', async () => {
    const title = `低保申请审批表（扫描件）${token}`;
    const uploader = await new ApiClient(world.runtime.url).login('zhang.wei');
    const scan = renderScan(['最低生活保障申请审批表', `申请人赵某某 身份证号 ${ID}`, '家住某某镇某某村三组7号'], {
      width: 1400,
      fontSize: 36,
    });
    const id = await uploader.upload(metadata(title, 'scan.png', 'image/png'), scan);
    await waitForStatus(uploader, id, 'IN_REVIEW', 90_000);

    await signIn(world, 'wang.fang');
    await page.waitForURL('**/inbox', WAIT);
    const card = page.locator('[data-task-id]', { hasText: title });
    await card.waitFor(WAIT);
    await card.getByTestId('scanned-notice').waitFor(WAIT);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(ID);
    expect(text).toContain('第 1 页（OCR 识别）');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SHOTS, '21-inbox-scan-ocr.png') });
    await signOut(world);
  }, 150_000);
});
