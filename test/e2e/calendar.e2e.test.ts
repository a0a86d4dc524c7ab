import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_METADATA } from '../integration/support';
import { type BrowserWorld, ROOT, SHOTS, signIn, startBrowserWorld, WAIT } from './support';

/**
 * 管理 → 节假日安排 in a real browser: the district administrator checks the 2027 arrangement (a
 * file with a weekday as a make-up day is refused first), imports it, and a registration formed
 * before the Spring Festival gets its new, no longer provisional, deadline.
 */
let world: BrowserWorld | undefined;
let page: Page;

const started = () => {
  if (!world) throw new Error('the browser world did not start');
  return world;
};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startBrowserWorld();
  page = world.page;
}, 240_000);

afterAll(async () => {
  await world?.close();
}, 60_000);

describe('节假日安排 (the holiday calendar, imported by ops)', () => {
  it('checks a year, imports it, and the deadlines in flight follow', async () => {
    const arrangement = readFileSync(join(ROOT, 'test/fixtures/calendar/2027.json'));
    const uploader = await new ApiClient(started().runtime.url).login('zhang.wei');
    const registered = await uploader.post('/api/documents', { ...DEMO_METADATA, formedAt: '2027-01-20' });
    expect(registered.status).toBe(201);
    const id: string = registered.body.id;
    const before = (await uploader.get(`/api/documents/${id}`)).body;
    expect(before).toMatchObject({ dueAt: '2027-02-19', dueProvisional: true });

    await signIn(started(), 'ops');
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('link', { name: '节假日安排', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '节假日安排' }).waitFor(WAIT);
    await page.getByText('尚未导入任何年份').waitFor(WAIT);

    const file = page.locator('input[type=file]');
    const bad = JSON.parse(arrangement.toString('utf8'));
    bad.workdays = ['2027-02-15'];
    await file.setInputFiles({
      name: '2027.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await page.getByRole('button', { name: '检查（不写入）' }).click();
    await page.getByText('2027-02-15 is a Monday').waitFor(WAIT);

    await file.setInputFiles({ name: '2027.json', mimeType: 'application/json', buffer: arrangement });
    await page.getByRole('button', { name: '检查（不写入）' }).click();
    await page.getByText('2027 年的安排有效').waitFor(WAIT);
    const preview = page.getByTestId('calendar-result');
    expect(await preview.locator(`a[href="/documents/${id}"]`).count()).toBe(1);
    expect((await uploader.get(`/api/documents/${id}`)).body.dueAt).toBe('2027-02-19');

    await page.getByRole('button', { name: '导入并重算期限' }).click();
    await page.getByText('2027 年的安排已导入（第 1 版）').waitFor(WAIT);
    const result = (await preview.textContent()) ?? '';
    expect(result).toContain('2027-02-19');
    expect(result).toContain('2027-02-24');
    await page.locator('td', { hasText: 'ops' }).first().waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'calendar-import.png'), fullPage: true });

    const after = (await uploader.get(`/api/documents/${id}`)).body;
    expect(after).toMatchObject({ dueAt: '2027-02-24', dueProvisional: false });
    expect(after.history.map((e: { note?: { code: string } }) => e.note?.code)).toContain('deadline-recomputed');
  });
});
