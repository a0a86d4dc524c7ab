import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInBeijing } from '../integration/support';
import { type BrowserWorld, SHOTS, signedOutEverywhere, signIn, startBrowserWorld, WAIT } from './support';

/**
 * 上传 → 批量上传 in Chromium against the local runtime: files chosen with a multi-file input, rows
 * pasted from Excel into the grid, every row checked before anything is sent (errors by row and
 * column), then a presigned PUT per file with progress, a summary, and the batch view.
 */
let world: BrowserWorld | undefined;
let page: Page;
const token = `e2e${Date.now().toString(36)}`;

const started = () => {
  if (!world) throw new Error('the browser world did not start');
  return world;
};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startBrowserWorld();
  page = world.page;
}, 180_000);

afterAll(async () => {
  await world?.close();
}, 60_000);

/** What Excel puts on the clipboard: a header and rows, tab-separated. */
function excelRows(rows: ReadonlyArray<readonly string[]>): string {
  return `${rows.map((r) => r.join('\t')).join('\r\n')}\r\n`;
}

/** A paste into the focused grid cell, with the clipboard's text as Excel leaves it. */
async function pasteIntoFocused(text: string) {
  await page.evaluate((clip) => {
    const data = new DataTransfer();
    data.setData('text/plain', clip);
    document.activeElement?.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

describe('批量上传 in the dashboard', () => {
  it('checks pasted rows by row and column, uploads each chosen file with its progress, and sums up', async () => {
    await signedOutEverywhere(started());
    await signIn(started(), 'zhang.wei');
    await page.goto(`${started().runtime.url}/upload`);
    await page.getByRole('link', { name: '批量上传' }).click();
    await page.getByRole('heading', { name: '批量上传' }).waitFor(WAIT);

    await page.locator('input[name="label"]').fill(`本周通知 ${token}`);
    const files = ['通知一.txt', '通知二.txt', '通知三.txt'];
    await page.locator('input[name="files"]').setInputFiles(
      files.map((name, i) => ({
        name,
        mimeType: 'text/plain',
        buffer: Buffer.from(`各学校：第${i + 1}项工作安排如下。${token}`),
      })),
    );
    await expect.poll(() => page.getByTestId('batch-files').textContent()).toBe('已选择 3 个文件');

    const today = todayInBeijing();
    await page.getByLabel('行 1 文件名').focus();
    await pasteIntoFocused(
      excelRows([
        ['文件名', '标题', '部门', '类别', '形成日期', '公开属性', '来源'],
        [files[0] as string, `关于第一项工作的通知 ${token}`, 'office', '02', today, '主动公开', '制作'],
        [files[1] as string, `关于第二项工作的通知 ${token}`, 'office', '02', '2026-02-30', '主动公开', '制作'],
        [files[2] as string, `关于第三项工作的通知 ${token}`, 'nowhere', '02', today, '主动公开', '制作'],
      ]),
    );
    // Nothing is sent before every row passes: the errors name the row and the column.
    await page.locator('[data-problem="2:formedAt"]').waitFor(WAIT);
    await page.locator('[data-problem="3:department"]').waitFor(WAIT);
    await expect.poll(() => page.getByLabel('行 2 形成日期').getAttribute('aria-invalid')).toBe('true');
    const send = page.getByRole('button', { name: /^登记并上传/ });
    expect(await send.isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'batch-check.png'), fullPage: true });

    await page.getByLabel('行 2 形成日期').fill(today);
    await page.getByLabel('行 3 部门').fill('office');
    await page.getByTestId('batch-check').getByText('3 行全部通过检查').waitFor(WAIT);
    await page.getByRole('button', { name: '登记并上传 3 份' }).click();

    await expect.poll(() => page.getByTestId('batch-overall').textContent(), { timeout: 60_000 }).toBe('已上传 3 / 3');
    for (const name of files) await page.locator(`li.batch-file-done[data-file="${name}"]`).waitFor(WAIT);
    const summary = page.getByTestId('batch-summary');
    await summary.waitFor(WAIT);
    expect(await summary.locator('[data-count="registered"] dd').textContent()).toBe('3');
    expect(await summary.locator('[data-count="started"] dd').textContent()).toBe('3');
    expect(await summary.locator('[data-count="refused"] dd').textContent()).toBe('0');
    await page.screenshot({ path: join(SHOTS, 'batch-summary.png'), fullPage: true });

    // The batch view: every document runs to the leader's sign-off.
    await summary.getByRole('link', { name: '查看批次进度' }).click();
    const awaiting = page.getByTestId('batch-stages').locator('[data-stage="awaitingSignoff"] dd');
    await expect.poll(() => awaiting.textContent(), { timeout: 60_000 }).toBe('3');
    expect(await page.getByTestId('batch-report').getByText('没有被拒绝的行。').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'batch-view.png'), fullPage: true });
  });

  it('takes a CSV manifest with the files; a page left before every file went shows what is left, and goes on', async () => {
    await signedOutEverywhere(started());
    await signIn(started(), 'zhang.wei');
    await page.goto(`${started().runtime.url}/upload/batch`);
    const today = todayInBeijing();
    const manifest = [
      'file,title,department,category,formedAt,disclosure,origin',
      `甲.txt,关于甲项工作的通知 ${token},office,02,${today},proactive,made`,
      `乙.txt,关于乙项工作的通知 ${token},office,02,${today},proactive,made`,
    ].join('\n');
    await page.locator('input[name="label"]').fill(`续传 ${token}`);
    await page
      .locator('input[name="manifest"]')
      .setInputFiles({ name: 'manifest.csv', mimeType: 'text/csv', buffer: Buffer.from(manifest) });
    await page.getByText('已读取 manifest.csv：2 行').waitFor(WAIT);
    // Only one of the two files is chosen: the other row is registered and waits for its file.
    await page
      .locator('input[name="files"]')
      .setInputFiles({ name: '甲.txt', mimeType: 'text/plain', buffer: Buffer.from(`甲项工作安排。${token}`) });
    await page.getByText('还没有选择文件的行: 2 (乙.txt)').waitFor(WAIT);
    await page.getByRole('button', { name: '登记并上传 2 份' }).click();
    await page.getByTestId('batch-summary').waitFor(WAIT);

    // The tab is closed and opened again: the page says what is left, and where to go on.
    await page.goto(`${started().runtime.url}/upload/batch`);
    const unfinished = page.getByTestId('batch-unfinished');
    await unfinished.getByText(`批量上传「续传 ${token}」还有 1 份文件未上传。`).waitFor(WAIT);
    await unfinished.getByRole('link', { name: '继续上传' }).click();
    await page.getByText('还有 1 份文件未上传').waitFor(WAIT);
    await page
      .locator('input[name="resume"]')
      .setInputFiles({ name: '乙.txt', mimeType: 'text/plain', buffer: Buffer.from(`乙项工作安排。${token}`) });
    await page.locator('li.batch-file-done[data-file="乙.txt"]').waitFor(WAIT);
    const awaiting = page.getByTestId('batch-stages').locator('[data-stage="awaitingSignoff"] dd');
    await expect.poll(() => awaiting.textContent(), { timeout: 60_000 }).toBe('2');
  });
});
