import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, todayInBeijing, waitForStatus } from '../integration/support';
import { type BrowserWorld, SHOTS, signedOutEverywhere, signIn, startBrowserWorld, WAIT } from './support';

/**
 * 管理 in a real browser against the local runtime: the district administrator reassigns a
 * department (its open sign-off moves), imports a directory file (rejected by line, then applied)
 * and reads the change log; an agency administrator sees their own agency only.
 */
let world: BrowserWorld | undefined;
let page: Page;

function started(): BrowserWorld {
  if (!world) throw new Error('the browser world did not start');
  return world;
}

async function shot(name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const HEADER = 'type,agency,id,name,code,head,leader,roles,department,email';
const BAD = [
  HEADER,
  'agency,culture,,区文化和旅游局,0231,zhou.min,,,,',
  'user,culture,zhou.min,周敏,,,,leader;chief,,zhou.min@tai.gov.cn',
  'department,culture,office,办公室,,,nobody,,,',
  'user,culture,wu.lan,吴兰,,,,uploader,office,not-an-address',
].join('\r\n');
const GOOD = [
  HEADER,
  'agency,culture,,区文化和旅游局,0231,zhou.min,,,,',
  'user,culture,zhou.min,周敏,,,,leader,,zhou.min@tai.gov.cn',
  'user,culture,wu.lan,吴兰,,,,uploader,office,wu.lan@tai.gov.cn',
  'department,culture,office,办公室,,,zhou.min,,,',
].join('\r\n');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startBrowserWorld();
  page = world.page;
}, 240_000);

afterAll(async () => {
  await world?.close();
}, 60_000);

describe('管理 (the directory, administered)', () => {
  beforeEach(async () => {
    await signedOutEverywhere(started());
  });

  it('the district administrator sees every agency with its code, head and COORD-4 competences', async () => {
    await signIn(started(), 'ops');
    await page.getByRole('link', { name: '管理', exact: true }).click();
    const edu = page.locator('tr[data-agency="edu"]');
    await edu.waitFor(WAIT);
    expect(await edu.textContent()).toContain('0201');
    expect(await page.locator('tr[data-agency="stats"]').textContent()).toContain('统计信息');
    expect(await page.locator('tr[data-agency="gov-office"]').textContent()).toContain('公开主管部门');
    await shot('admin-agencies');
  });

  it('reassigning a department moves its open sign-off to the new leader (EXPAND-2)', async () => {
    const runtime = started().runtime;
    const uploader = await new ApiClient(runtime.url).login('zhang.wei');
    const id = await uploader.upload(
      {
        title: '关于调整课后服务时间的通知',
        agency: 'edu',
        department: 'office',
        category: '02',
        formedAt: todayInBeijing(),
        disclosure: 'proactive',
        origin: 'made',
        filename: 'notice.txt',
        contentType: 'text/plain',
      },
      '各中小学：\n经研究，自下周起调整课后服务时间。\n\n区教育局\n',
    );
    await waitForStatus(uploader, id, 'AWAITING_SIGNOFF', 60_000);

    await signIn(started(), 'ops');
    await page.goto(`${runtime.url}/admin/users`);
    await page.getByRole('button', { name: '新建人员' }).click();
    const form = page.getByRole('form', { name: '新建人员' });
    await form.getByLabel('账号').fill('sun.yu');
    await form.getByLabel('姓名').fill('孙宇');
    await form.getByLabel('所在单位').selectOption('edu');
    await form.getByLabel('信息上传员').uncheck();
    await form.getByLabel('分管领导').check();
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText('已更新 1 条记录').waitFor(WAIT);

    await page.getByRole('link', { name: '部门与分管领导' }).click();
    const office = page.locator('tr[data-department="edu/office"]');
    await office.getByRole('button', { name: '更换分管领导' }).click(WAIT);
    const assign = page.getByRole('form', { name: /更换分管领导/ });
    await assign.getByLabel('分管领导').selectOption('sun.yu');
    await shot('admin-departments-reassign');
    await assign.getByRole('button', { name: '保存' }).click();
    await page.getByText('1 项待办已转交新的负责人').waitFor(WAIT);
    // The list is read again after the change.
    await office.filter({ hasText: '孙宇' }).waitFor(WAIT);
    await shot('admin-departments');

    const sun = await new ApiClient(runtime.url).login('sun.yu');
    const tasks = (await sun.get('/api/tasks')).body.entries as Array<{ documentId: string }>;
    expect(tasks.map((t) => t.documentId)).toContain(id);
    const li = await new ApiClient(runtime.url).login('li.na');
    expect(
      ((await li.get('/api/tasks')).body.entries as Array<{ documentId: string }>).map((t) => t.documentId),
    ).not.toContain(id);
  });

  it('an import with errors is refused whole, listed by line; a good file is checked, then applied', async () => {
    await signIn(started(), 'ops');
    await page.goto(`${started().runtime.url}/admin/import`);
    const file = page.locator('input[type=file]');
    await file.setInputFiles({ name: 'directory.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD) });
    await page.getByRole('button', { name: '检查（不写入）' }).click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor(WAIT);
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('整份文件未导入');
    for (const line of ['3', '4', '5'])
      expect(await errors.locator('td.mono', { hasText: line }).count()).toBeGreaterThan(0);
    await shot('admin-import-errors');

    await file.setInputFiles({ name: 'directory.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD) });
    await page.getByRole('button', { name: '检查（不写入）' }).click();
    await page.getByText('检查通过，可以导入。').waitFor(WAIT);
    await page.getByRole('button', { name: '确认导入 4 行' }).click();
    await page.getByText('导入完成').waitFor(WAIT);
    await shot('admin-import');

    await page.getByRole('link', { name: '单位', exact: true }).click();
    await page.locator('tr[data-agency="culture"]').waitFor(WAIT);
  });

  it('the change log shows who changed what, before → after, in Chinese and in English', async () => {
    await signIn(started(), 'ops');
    await page.goto(`${started().runtime.url}/admin/log`);
    await page.locator('tr[data-log-action]').first().waitFor(WAIT);
    expect(await page.locator('tbody').first().textContent()).toContain('批量导入');
    await shot('admin-log');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('columnheader', { name: 'Before → after' }).waitFor(WAIT);
    await shot('admin-log-en');
  });

  it("an agency administrator administers their own agency's people only, and reads agencies", async () => {
    await signIn(started(), 'he.jun');
    await page.goto(`${started().runtime.url}/admin/users`);
    await page.locator('tr[data-user]').first().waitFor(WAIT);
    const agencies = await page.locator('tr[data-user] td:nth-child(2)').allTextContents();
    expect(agencies.length).toBeGreaterThan(0);
    for (const a of agencies) expect(a).toContain('区教育局');
    await shot('admin-agency-admin-users');
    await page.getByRole('link', { name: '单位', exact: true }).click();
    await page.getByText('只读：单位信息由系统管理员维护。').waitFor(WAIT);
    expect(await page.getByRole('button', { name: '新建单位' }).count()).toBe(0);
  });
});
