import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '../../shared/calendar/beijing';
import { type BrowserWorld, SHOTS, signIn, startBrowserWorld, WAIT } from './support';

/**
 * 年度报告 in the browser: the identities are checked while the person types (save refused while
 * one is broken, the broken row and column named), and what is saved comes back from the server.
 */
let world: BrowserWorld;
const year = Number(beijingDate(new Date()).slice(0, 4)) - 1;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startBrowserWorld();
}, 240_000);

afterAll(async () => {
  await world?.close();
}, 60_000);

describe('the annual report page', () => {
  it('checks 一 + 二 = 三（七） + 四 as one types, computes the totals, and saves what holds', async () => {
    const { page, runtime } = world;
    await signIn(world, 'zhang.wei');
    await page.goto(`${runtime.url}/annual-reports/edu/${year}`);
    const cell = (row: string, column: string) => page.getByLabel(`${row} · ${column}`, { exact: true });
    await cell('一、本年新收政府信息公开申请数量', '自然人').fill('5');
    const checks = page.getByTestId('report-checks');
    // 5 new requests and nothing handled or carried forward: 5 + 0 ≠ 0 + 0.
    await checks.getByText('四、结转下年度继续办理 · 自然人：一 + 二 = 5，三（七） + 四 = 0，二者应相等').waitFor(WAIT);
    expect(await page.getByRole('button', { name: '保存' }).isDisabled()).toBe(true);
    // The row's 总计 is computed from its six columns.
    expect(await cell('一、本年新收政府信息公开申请数量', '总计').textContent()).toBe('5');

    await cell('三（一）予以公开', '自然人').fill('3');
    await cell('四、结转下年度继续办理', '自然人').fill('2');
    expect(await cell('三（七）总计', '自然人').textContent()).toBe('3');
    await checks
      .getByText('二者应相等')
      .first()
      .waitFor({ state: 'detached', ...WAIT });
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'annual-report.png'), fullPage: true });

    await page.reload();
    await expect.poll(() => cell('四、结转下年度继续办理', '自然人').inputValue(), WAIT).toBe('2');
  });
});
