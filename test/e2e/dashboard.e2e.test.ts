import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { ApiClient, todayInBeijing, waitForStatus } from '../integration/support';
import {
  type BrowserWorld,
  SHOTS,
  signedOutEverywhere,
  signIn as signInAs,
  signOut as signOutHere,
  startBrowserWorld,
  WAIT,
} from './support';

/**
 * The walk-through in a real browser against the real local runtime (with a small demo history,
 * so there are scores): an uploader uploads, the leader signs off from the inbox, the public finds
 * a document in the catalogue, the publisher corrects and withdraws one, a reviewer redacts an
 * upload, and oversight sees the scores and one agency's evidence.
 *
 * Each test stands alone: what it needs beyond the demo history (a document awaiting sign-off, a
 * published or a withdrawn one) it makes itself through the API, under a title of its own, and it
 * starts signed out whatever the test before it left behind.
 */
let world: BrowserWorld | undefined;
let runtime: LocalRuntime | undefined;
let page: Page;

const token = `e2e${Date.now().toString(36)}`;
// One title per test, none a part of another (the inbox and evidence look cards up by text).
const title = `关于开展校园安全专项检查的通知（上传）${token}`;
const signOffTitle = `关于开展校园安全专项检查的通知（签发）${token}`;
const catalogTitle = `关于开展校园安全专项检查的通知（目录）${token}`;
const amendTitle = `关于开展校园安全专项检查的通知（更正）${token}`;
const withdrawnTitle = `关于开展校园安全专项检查的通知（撤回）${token}`;
const redactTitle = `关于发放困难学生补助的公示 ${token}`;

async function shot(name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

function started(): BrowserWorld {
  if (!world) throw new Error('the browser world did not start');
  return world;
}

const signIn = (user: string) => signInAs(started(), user);
const signOut = () => signOutHere(started());

/** 区教育局's notice registered and uploaded through the API by zhang.wei, waiting at 待领导签发. */
async function documentAwaitingSignOff(documentTitle: string): Promise<string> {
  const uploader = await new ApiClient(runtime?.url ?? '').login('zhang.wei');
  const id = await uploader.upload(
    {
      title: documentTitle,
      agency: 'edu',
      department: 'office',
      category: '02',
      formedAt: todayInBeijing(),
      disclosure: 'proactive',
      origin: 'made',
      filename: 'notice.txt',
      contentType: 'text/plain',
    },
    `${documentTitle}\n\n各中小学：\n为切实做好校园安全工作，经研究，决定在全区开展校园安全专项检查。请各校认真组织自查。\n\n区教育局\n`,
  );
  await waitForStatus(uploader, id, 'AWAITING_SIGNOFF', 60_000);
  return id;
}

/** As above, then signed off by li.na through the API: published. */
async function publishedDocument(documentTitle: string): Promise<string> {
  const id = await documentAwaitingSignOff(documentTitle);
  const leader = await new ApiClient(runtime?.url ?? '').login('li.na');
  const tasks = (await leader.get('/api/tasks')).body.entries as Array<{
    id: string;
    documentId: string;
    kind: string;
  }>;
  const task = tasks.find((t) => t.documentId === id && t.kind === 'signoff');
  expect(task, `a sign-off task for ${id}`).toBeDefined();
  expect((await leader.post(`/api/tasks/${task?.id}/decision`, { decision: 'approve' })).status).toBe(200);
  await waitForStatus(leader, id, 'PUBLISHED', 60_000);
  return id;
}

/** As above, then withdrawn by its publisher through the API. */
async function withdrawnDocument(documentTitle: string, reason: string): Promise<string> {
  const id = await publishedDocument(documentTitle);
  const publisher = await new ApiClient(runtime?.url ?? '').login('zhang.wei');
  expect((await publisher.post(`/api/documents/${id}/withdrawal`, { reason })).status).toBe(201);
  await waitForStatus(publisher, id, 'WITHDRAWN', 60_000);
  return id;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Two years of demo documents (about 30, ~10 s) run through the pipeline first, so Scores has data.
  world = await startBrowserWorld({ demoHistory: { perAgencyYear: 1 } });
  runtime = world.runtime;
  page = world.page;
}, 240_000);

afterAll(async () => {
  await world?.close();
}, 60_000);

describe('dashboard walk-through', () => {
  beforeEach(async () => {
    // Signed out (here and at the provider) and in Chinese, whatever the test before left behind.
    await signedOutEverywhere(started());
  });

  it('an uploader uploads a text file and watches it reach 待领导签发', async () => {
    await page.goto(`${runtime?.url}/signin`);
    await page.locator('button[data-user="zhang.wei"]').waitFor(WAIT);
    await shot('01-signin');

    await page.locator('button[data-user="zhang.wei"]').click();
    await page.waitForURL('**/upload', WAIT);
    expect(await page.getByTestId('current-user').textContent()).toContain('张伟');

    await page.locator('input[name="title"]').fill(title);
    await page.locator('select[name="department"]').selectOption('office');
    await page.locator('select[name="category"]').selectOption('02');
    await page.locator('input[name="documentNumber"]').fill(`区教发〔2026〕${token}号`);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'notice.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        `${title}\n\n各中小学：\n为切实做好校园安全工作，经研究，决定在全区开展校园安全专项检查。请各校认真组织自查。\n\n区教育局\n`,
        'utf8',
      ),
    });
    await shot('02-upload-form');
    // The first PUT of the file fails (S3 says 503): the form says so, and submitting again sends the
    // registration's Idempotency-Key again, so the agency still has one document of this title.
    const putUrl = (url: URL) => url.pathname.includes('/uploads/');
    let refusedPuts = 0;
    await page.route(putUrl, async (route) => {
      if (route.request().method() !== 'PUT' || refusedPuts > 0) return route.continue();
      refusedPuts++;
      return route.fulfill({ status: 503, body: 'SlowDown' });
    });
    const registrations: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/documents') {
        registrations.push(request.headers()['idempotency-key'] ?? '');
      }
    });
    await page.getByRole('button', { name: '登记并上传' }).click();
    await page.getByRole('alert').filter({ hasText: '503' }).waitFor(WAIT);
    await shot('02b-upload-failed');
    await page.getByRole('button', { name: '登记并上传' }).click();

    const live = page.getByTestId('live-status');
    await live.locator('[data-status="AWAITING_SIGNOFF"]').waitFor(WAIT);
    expect(await live.textContent()).toContain('待领导签发');
    const href = await live.locator('a.live-title').getAttribute('href');
    const documentId = href?.split('/').pop() ?? '';
    expect(documentId).toMatch(/^[0-9a-f-]{36}$/);
    await page.locator(`tr[data-document-id="${documentId}"] [data-status="AWAITING_SIGNOFF"]`).waitFor(WAIT);
    await shot('03-upload-awaiting-signoff');
    await page.unroute(putUrl);
    expect(refusedPuts).toBe(1);
    expect(registrations).toHaveLength(2);
    expect(registrations[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(registrations[1]).toBe(registrations[0]);
    const uploader = await new ApiClient(runtime?.url ?? '').login('zhang.wei');
    const listed = (await uploader.get('/api/documents')).body.entries as Array<{ id: string; title: string }>;
    expect(listed.filter((d) => d.title === title).map((d) => d.id)).toEqual([documentId]);

    await live.locator('a.live-title').click();
    await page.waitForURL(`**/documents/${documentId}`, WAIT);
    await page.locator('.timeline-item').first().waitFor(WAIT);
    await shot('04-document-history');
    await signOut();
  }, 120_000);

  it('an uploader whose file is not what it was registered as reads why, in Chinese', async () => {
    await signIn('zhang.wei');
    await page.waitForURL('**/upload', WAIT);
    const refusedTitle = `关于校园安全检查结果的通报（图片）${token}`;
    await page.locator('input[name="title"]').fill(refusedTitle);
    await page.locator('select[name="department"]').selectOption('office');
    await page.locator('select[name="category"]').selectOption('02');
    // A phone photo saved as notice.txt: registered and PUT as text, the bytes are a PNG.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    await page.locator('input[type="file"]').setInputFiles({ name: 'notice.txt', mimeType: 'text/plain', buffer: png });
    await page.getByRole('button', { name: '登记并上传' }).click();

    const live = page.getByTestId('live-status');
    await live.locator('[data-status="FAILED"]').waitFor(WAIT);
    const notice = live.locator('.notice-error');
    await notice.waitFor(WAIT);
    expect(await notice.textContent()).toContain('失败环节：接收文件');
    expect(await notice.textContent()).toContain('登记的是 TXT 文件，上传的却是图片');
    expect(await notice.textContent()).not.toContain('registered as');
    await live.locator('a.live-title').click();
    await page.locator('.timeline-item').first().waitFor(WAIT);
    expect(await page.locator('.timeline').textContent()).toContain(
      '处理失败（接收文件）：登记的是 TXT 文件，上传的却是图片',
    );
    // Its file was never scanned: the page does not say nothing sensitive was found in it.
    const findings = page.locator('section[aria-labelledby="findings-title"]');
    expect(await findings.textContent()).toContain('未经保密审查');
    expect(await findings.textContent()).not.toContain('未发现敏感内容');
    await shot('03b-upload-refused');
    await signOut();
  }, 120_000);

  it('the leader approves it from the inbox and it gets published', async () => {
    const documentId = await documentAwaitingSignOff(signOffTitle);
    expect(documentId).not.toBe('');
    await signIn('li.na');
    await page.waitForURL('**/inbox', WAIT);
    const card = page.locator('[data-task-id]', { hasText: signOffTitle });
    await card.waitFor(WAIT);
    await shot('05-inbox');

    // The first approval reaches the API but its answer is lost on the way back: the card says so,
    // and pressing approve again sends the same Idempotency-Key, answered with the recorded decision.
    const decisionUrl = (url: URL) => url.pathname.endsWith('/decision');
    const decisionKeys: string[] = [];
    await page.route(decisionUrl, async (route) => {
      decisionKeys.push(route.request().headers()['idempotency-key'] ?? '');
      if (decisionKeys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await card.locator('button[data-decision="approve"]').click();
    await card.getByRole('alert').waitFor(WAIT);
    await shot('05b-inbox-answer-lost');
    await card.locator('button[data-decision="approve"]').click();
    await page.getByRole('status').filter({ hasText: '已办理' }).waitFor(WAIT);
    await page.unroute(decisionUrl);
    expect(decisionKeys).toHaveLength(2);
    expect(decisionKeys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(decisionKeys[1]).toBe(decisionKeys[0]);
    await card.waitFor({ state: 'detached', ...WAIT });
    await shot('06-inbox-approved');

    // The detail page follows the document live until it settles.
    await page.goto(`${runtime?.url}/documents/${documentId}`);
    await page.locator('h1 [data-status="PUBLISHED"]').waitFor(WAIT);
    await shot('07-document-published');

    await page.goto(`${runtime?.url}/pipeline`);
    await page.locator('.stage-list, .notice-error, .empty').first().waitFor(WAIT);
    await shot('08-pipeline');
    await signOut();
  }, 120_000);

  it('the public catalogue finds it by keyword without signing in', async () => {
    const documentId = await publishedDocument(catalogTitle);
    expect(documentId).not.toBe('');
    await page.goto(`${runtime?.url}/catalog`);
    await page.locator('input[name="q"]').waitFor(WAIT);
    expect(await page.getByTestId('current-user').count()).toBe(0);
    await page.locator('input[name="q"]').fill(token);
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    const row = page.locator(`tr[data-document-id="${documentId}"]`);
    await row.waitFor(WAIT);
    const text = await row.textContent();
    expect(text).toContain(catalogTitle);
    expect(text).toContain('区教育局');
    expect(await row.getByRole('link', { name: '下载' }).getAttribute('href')).toMatch(/^\/public\/|^https?:/);
    await shot('09-catalog');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Proactive disclosure catalogue' }).waitFor(WAIT);
    await shot('10-catalog-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '政府信息主动公开目录' }).waitFor(WAIT);
  }, 60_000);

  it('the publisher corrects and then withdraws it; the catalogue keeps both', async () => {
    const documentId = await publishedDocument(amendTitle);
    expect(documentId).not.toBe('');
    await signIn('zhang.wei');
    await page.goto(`${runtime?.url}/documents/${documentId}`);
    const panel = page.getByTestId('amend-panel');
    await panel.waitFor(WAIT);

    await panel.locator('button[data-action="correct"]').click();
    await panel.locator('textarea[name="correctionNote"]').fill('第二段检查时间有误，已改正');
    await panel.locator('input[name="correctionFile"]').setInputFiles({
      name: 'notice-corrected.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`${amendTitle}\n\n各中小学：\n请于12月10日前完成自查。\n\n区教育局\n`, 'utf8'),
    });
    await panel.getByRole('button', { name: '提交更正' }).click();
    await panel.getByTestId('amend-confirm').waitFor(WAIT);
    await panel.locator('button[data-action="confirm"]').click();
    await page.locator('h1 [data-status="CORRECTED"]').waitFor(WAIT);
    expect(await page.getByTestId('corrections').textContent()).toContain('第二段检查时间有误');
    await shot('11-document-corrected');

    await panel.locator('button[data-action="withdraw"]').click();
    await panel.locator('textarea[name="withdrawalReason"]').fill('检查安排调整，本通知停止执行');
    await panel.getByRole('button', { name: '撤回公开' }).click();
    await panel.getByTestId('amend-confirm').waitFor(WAIT);
    await panel.locator('button[data-action="confirm"]').click();
    await page.locator('h1 [data-status="WITHDRAWN"]').waitFor(WAIT);
    expect(await page.getByTestId('withdrawn-notice').textContent()).toContain('检查安排调整');
    expect(await page.getByTestId('amend-panel').count()).toBe(0);

    await page.goto(`${runtime?.url}/catalog?q=${token}`);
    const row = page.locator(`tr[data-document-id="${documentId}"]`);
    await row.waitFor(WAIT);
    expect(await row.locator('[data-status="WITHDRAWN"]').textContent()).toBe('已撤回');
    expect(await row.getByTestId('withdrawal').textContent()).toContain('检查安排调整');
    expect(await row.getByRole('link', { name: '下载' }).count()).toBe(0);
    await row.getByTestId('corrections').locator('summary').click();
    await shot('12-catalog-withdrawn');
    await signOut();
  }, 90_000);

  it('a reviewer redacts a document with personal data; the clean version goes on to sign-off', async () => {
    await signIn('zhang.wei');
    await page.locator('input[name="title"]').fill(redactTitle);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'list.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`${redactTitle}\n\n受助学生：王小明，联系电话 13812345678。\n\n区教育局\n`, 'utf8'),
    });
    await page.getByRole('button', { name: '登记并上传' }).click();
    const live = page.getByTestId('live-status');
    await live.locator('[data-status="IN_REVIEW"]').waitFor(WAIT);
    const redactId = (await live.locator('a.live-title').getAttribute('href'))?.split('/').pop() ?? '';
    await signOut();

    await signIn('wang.fang');
    await page.waitForURL('**/inbox', WAIT);
    const card = page.locator('[data-task-id]', { hasText: redactTitle });
    await card.waitFor(WAIT);
    expect(await card.textContent()).toContain('手机号码');
    await card.locator('input[name="redacted"]').setInputFiles({
      name: 'list-redacted.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`${redactTitle}\n\n受助学生：王某（联系方式已删除）。\n\n区教育局\n`, 'utf8'),
    });
    await shot('13-inbox-redact');
    await card.locator('button[data-decision="redact"]').click();
    await page.getByRole('status').filter({ hasText: '重新进行保密检测' }).waitFor(WAIT);
    await card.waitFor({ state: 'detached', ...WAIT });
    await shot('14-inbox-redacted');

    // The redacted version is scanned again; clean, it goes to the leader.
    await page.goto(`${runtime?.url}/documents/${redactId}`);
    await page.locator('h1 [data-status="AWAITING_SIGNOFF"]').waitFor(WAIT);
    await signOut();
  }, 120_000);

  it("oversight sees the scores as bar charts and opens an agency's evidence", async () => {
    // 区教育局 gets evidence of its own here: a document published and then withdrawn.
    const documentId = await withdrawnDocument(withdrawnTitle, '检查安排调整，本通知停止执行');
    expect(documentId).not.toBe('');
    await signIn('qian.hui');
    await page.waitForURL('**/scores', WAIT);
    try {
      // Settled: nothing loading any more, and either bars or an error on the page.
      // A function, not a string: the dashboard's CSP forbids evaluating strings (script-src 'self').
      await page.waitForFunction(
        () => !document.querySelector('.loading') && !!document.querySelector('.recharts-bar-rectangle, .notice-error'),
        undefined,
        WAIT,
      );
    } finally {
      await shot('15-scores');
    }
    expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);

    // 区教育局: this test's document was withdrawn, so it has evidence.
    const link = page.locator('[data-testid="ranking-table"] tr[data-agency="edu"] a');
    const name = (await link.textContent())?.trim() ?? '';
    expect(name).toBe('区教育局');
    await link.click();
    await page.waitForURL(/\/scores\/[^/]+\/\d{4}$/, WAIT);
    await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor(WAIT);
    await page.locator('.evidence-list > li, .empty').first().waitFor(WAIT);
    await shot('16-scores-evidence');
    const reasons = await page.locator('.evidence-reason').allTextContents();
    // Each line is said in Chinese from its code, not the API's English reason (and there are lines).
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) {
      expect(reason).not.toMatch(/\b(published|overdue|corrected|withdrawn|interpretation)\b/i);
    }
    const withdrawn = page.locator('.evidence-list > li[data-code="withdrawn"]', { hasText: withdrawnTitle });
    expect(await withdrawn.locator('.evidence-reason').textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 撤回$/);
  }, 90_000);
});
