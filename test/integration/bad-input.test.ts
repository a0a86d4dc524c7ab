import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Document, Packer, Paragraph } from 'docx';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zh } from '../../dashboard/src/i18n/zh';
import type { LocalRuntime } from '../../infra/local/runtime';
import { fromRoot } from '../../infra/paths';
import { FileProblemSchema } from '../../shared/api/documents';
import { describeFileProblem } from '../../shared/model/file-problem';
import { ApiClient, DEMO_METADATA, startTestRuntime, tempDataDir, upload, waitForStatus } from './support';

/**
 * Issue 8, the bad-input table: one row per refused input, over the running local runtime. Each
 * row states the request, the HTTP status, what the message must contain (the field it names)
 * and — where a document exists — its status afterwards; the document's upload must still be
 * readable in the intake bucket. Upload rows (the PUT succeeds, Intake refuses) expect FAILED and
 * the failure's reason. Every row makes what it needs.
 */

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ID_NUMBER = '11010519491231002X';
const MOBILE = '13912345678';
const LONG_ID = 'a'.repeat(2048);
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/** What a row's request came to: the HTTP answer, or the document's failure for upload rows. */
interface Outcome {
  readonly status: number | 'FAILED';
  readonly code?: string;
  readonly message: string;
  /** A refused upload: what its uploader's page says (the dashboard's Chinese for the failure's code). */
  readonly reads?: string;
  /** The document the row made, and the bytes PUT for it. */
  readonly doc?: { readonly id: string; readonly bytes: Uint8Array };
  /** Documents registered by a registration row (must be none). */
  readonly registered?: number;
}

interface Row {
  readonly area: string;
  /** The request, as the table shows it. */
  readonly input: string;
  readonly run: () => Promise<Outcome>;
  readonly status: number | 'FAILED';
  /** What the message (or the failure reason) must contain: the field, the rule or the limit. */
  readonly message: RegExp;
  /** The document's status afterwards, for rows that have a document. */
  readonly after?: string;
}

describe('issue 8: the bad-input table', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  const clients = new Map<string, ApiClient>();
  const tokens = new Map<string, string>();
  const results: Array<{ row: Row; outcome: Outcome; after?: string }> = [];

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir);
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
    if (results.length === 0) return;
    const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
    const lines = [
      '| # | area | input | outcome | message | document after |',
      '|---|---|---|---|---|---|',
      ...results.map(({ row, outcome, after }, i) => {
        const status = outcome.status === 'FAILED' ? 'FAILED (Intake)' : `${outcome.status} ${outcome.code ?? ''}`;
        const message = outcome.reads ? `${outcome.message} · 页面显示：${outcome.reads}` : outcome.message;
        return `| ${i + 1} | ${row.area} | ${cell(row.input)} | ${status.trim()} | ${cell(message)} | ${after ?? '—'} |`;
      }),
    ];
    const table = lines.join('\n');
    mkdirSync(fromRoot('test-output'), { recursive: true });
    writeFileSync(fromRoot('test-output/bad-input.md'), `${table}\n`);
    console.log(`bad-input table (${results.length} rows, also in test-output/bad-input.md):\n${table}`);
  });

  // ── clients ────────────────────────────────────────────────────────────────────────────────

  async function as(user: string): Promise<ApiClient> {
    let client = clients.get(user);
    if (!client) {
      client = await new ApiClient(runtime.url).login(user);
      clients.set(user, client);
    }
    return client;
  }

  async function tokenOf(user: string): Promise<string> {
    let token = tokens.get(user);
    if (!token) {
      const res = await fetch(`${runtime.url}/api/dev/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user }),
      });
      token = ((await res.json()) as { token: string }).token;
      tokens.set(user, token);
    }
    return token;
  }

  const anonymous = () => new ApiClient(runtime.url);

  /** An HTTP answer as an outcome. */
  const answered = (res: { status: number; body: any }, doc?: Outcome['doc']): Outcome => ({
    status: res.status,
    code: res.body?.error?.code,
    message: res.body?.error?.message ?? JSON.stringify(res.body),
    ...(doc ? { doc } : {}),
  });

  /** A request with a body sent exactly as given (not JSON-encoded), signed in as `user` if given. */
  async function raw(method: string, path: string, body: string, user?: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${runtime.url}${path}`, {
      method,
      headers: {
        ...headers,
        'content-type': 'application/json',
        ...(user ? { authorization: `Bearer ${await tokenOf(user)}` } : {}),
      },
      body,
    });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  }

  // ── what rows start from ───────────────────────────────────────────────────────────────────

  async function documentCount() {
    return ((await (await as('zhang.wei')).get('/api/documents')).body.entries as unknown[]).length;
  }

  /** POST /api/documents as zhang.wei (edu) with DEMO_METADATA changed by `change`. */
  function registration(change: (m: Record<string, unknown>) => Record<string, unknown>, user = 'zhang.wei') {
    return async (): Promise<Outcome> => {
      const before = await documentCount();
      const res = await (await as(user)).post('/api/documents', change({ ...DEMO_METADATA }));
      return { ...answered(res), registered: (await documentCount()) - before };
    };
  }
  const withField = (field: string, value: unknown) => registration((m) => ({ ...m, [field]: value }));
  /** POST /api/documents with an Idempotency-Key, after a first registration with it if `first` is given. */
  function keyedRegistration(key: string, first?: Record<string, unknown>) {
    const send = (metadata: Record<string, unknown>) =>
      raw('POST', '/api/documents', JSON.stringify(metadata), 'zhang.wei', { 'Idempotency-Key': key });
    return async (): Promise<Outcome> => {
      if (first) expect((await send({ ...DEMO_METADATA, ...first })).status).toBe(201);
      const before = await documentCount();
      const res = await send({ ...DEMO_METADATA, title: '另一份通知' });
      return { ...answered(res), registered: (await documentCount()) - before };
    };
  }
  const without = (field: string) =>
    registration((m) => {
      const { [field]: _gone, ...rest } = m;
      return rest;
    });

  /** Registers a document and PUTs `bytes` (with `putType` as the PUT's Content-Type); returns its failure. */
  function uploadRefused(bytes: Uint8Array, metadata: Record<string, unknown>, putType?: string) {
    return async (): Promise<Outcome> => {
      const uploader = await as('zhang.wei');
      const created = await uploader.post('/api/documents', { ...DEMO_METADATA, ...metadata });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const put = await fetch(created.body.uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': putType ?? String(metadata.contentType ?? DEMO_METADATA.contentType) },
        body: Buffer.from(bytes),
      });
      expect(put.ok, `PUT ${put.status}`).toBe(true);
      const failed = await waitForStatus(uploader, created.body.id, 'FAILED', 60_000);
      expect(failed.failure).toMatchObject({ step: 'Intake', kind: 'input' });
      // The uploader's page words the problem from its code: the code says what the message says.
      const problem = FileProblemSchema.parse(failed.failure.problem);
      expect(describeFileProblem(problem)).toBe(failed.failure.error);
      return {
        status: 'FAILED',
        message: failed.failure.error,
        reads: zh.document.problem(problem),
        doc: { id: created.body.id, bytes },
      };
    };
  }

  async function uploaded(text: string, metadata: Record<string, unknown> = {}) {
    const bytes = new TextEncoder().encode(text);
    const id = await upload(await as('zhang.wei'), bytes, { ...DEMO_METADATA, ...metadata });
    return { id, bytes };
  }

  async function openTask(user: string, documentId: string, kind: string) {
    await runtime.workflow.settled();
    const tasks = (await (await as(user)).get('/api/tasks')).body.entries as Array<{
      id: string;
      documentId: string;
      kind: string;
    }>;
    const task = tasks.find((t) => t.documentId === documentId && t.kind === kind);
    expect(task, `an open ${kind} task for ${documentId}`).toBeDefined();
    return (task as { id: string }).id;
  }

  /** A clean document waiting for li.na's sign-off, and its task. */
  async function awaitingSignOff(title = '待签发的通知') {
    const doc = await uploaded(`各学校：${title}。`, { title });
    await waitForStatus(await as('zhang.wei'), doc.id, 'AWAITING_SIGNOFF');
    return { doc, taskId: await openTask('li.na', doc.id, 'signoff') };
  }

  /** The `next` of a one-entry page of 区教育局's pipeline as `user` sees it (two of its documents wait for sign-off). */
  async function pipelineCursorOf(user: string): Promise<string> {
    for (const title of ['分页的第一份通知', '分页的第二份通知']) await awaitingSignOff(title);
    const next = (await (await as(user)).get('/api/pipeline?limit=1')).body.next;
    if (typeof next !== 'string') throw new Error(`no second page of ${user}'s pipeline`);
    return next;
  }

  /** A document with a mobile number waiting in the pre-review group (wang.fang), and its task. */
  async function inReview(title = '待保密审查的通知') {
    const doc = await uploaded(`联系人手机${MOBILE}`, { title });
    await waitForStatus(await as('zhang.wei'), doc.id, 'IN_REVIEW');
    return { doc, taskId: await openTask('wang.fang', doc.id, 'review') };
  }

  /** A published edu document. */
  async function published(title = '已公开的通知') {
    const { doc, taskId } = await awaitingSignOff(title);
    expect((await (await as('li.na')).post(`/api/tasks/${taskId}/decision`, { decision: 'approve' })).status).toBe(200);
    await waitForStatus(await as('zhang.wei'), doc.id, 'PUBLISHED');
    return doc;
  }

  /** `decide` on a fresh document's task of the given kind (signoff or review), as `user`. */
  function decision(
    kind: 'signoff' | 'review',
    body: (ctx: { taskId: string; documentId: string }) => Promise<unknown> | unknown,
    user?: string,
  ) {
    return async (): Promise<Outcome> => {
      const { doc, taskId } = kind === 'signoff' ? await awaitingSignOff() : await inReview();
      const by = user ?? (kind === 'signoff' ? 'li.na' : 'wang.fang');
      const res = await (await as(by)).post(
        `/api/tasks/${taskId}/decision`,
        await body({ taskId, documentId: doc.id }),
      );
      return answered(res, doc);
    };
  }

  /** A redaction slot for a fresh review task, with `bytes` PUT to it as `putType` (nothing when undefined). */
  async function redactionSlot(taskId: string, bytes?: Uint8Array, putType = 'text/plain') {
    const slot = await (await as('wang.fang')).post(`/api/tasks/${taskId}/redaction`, { contentType: putType });
    expect(slot.status).toBe(201);
    if (bytes) {
      const put = await fetch(slot.body.uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': putType },
        body: Buffer.from(bytes),
      });
      expect(put.ok).toBe(true);
    }
    return slot.body.redactionKey as string;
  }

  /** A correction body (note, filename, contentType, contentBase64) with `change` applied, to a fresh published document. */
  function correction(
    change: Record<string, unknown>,
    user = 'zhang.wei',
    document: () => Promise<{ id: string; bytes: Uint8Array }> = published,
  ) {
    return async (): Promise<Outcome> => {
      const doc = await document();
      const body = {
        note: '更正联系电话',
        filename: 'corrected.txt',
        contentType: 'text/plain',
        contentBase64: Buffer.from('更正后的通知。').toString('base64'),
        ...change,
      };
      return answered(await (await as(user)).post(`/api/documents/${doc.id}/corrections`, body), doc);
    };
  }

  function withdrawal(body: Record<string, unknown>, user = 'zhang.wei') {
    return async (): Promise<Outcome> => {
      const doc = await published();
      return answered(await (await as(user)).post(`/api/documents/${doc.id}/withdrawal`, body), doc);
    };
  }

  const get = (path: string, user?: string) => async (): Promise<Outcome> =>
    answered(await (user ? await as(user) : anonymous()).get(path));

  // ── files ──────────────────────────────────────────────────────────────────────────────────

  const bytesOf = (...parts: Array<string | number[]>) =>
    new Uint8Array(
      Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))),
    );
  const PNG = bytesOf('\x89PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const ELF = bytesOf('\x7fELF', [2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [2, 0, 0x3e, 0]);
  const PDF = bytesOf('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const OLE = bytesOf('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', new Array(504).fill(0));
  // No magic number, not UTF-8, not GB18030: bytes from a broken disk.
  const GARBAGE = new Uint8Array(
    Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256).map((b) => (b < 0x20 ? 0xff : b)),
  );
  const ZIP = zipSync({
    'readme.txt': new TextEncoder().encode('不是 Word 文档'),
    'data/a.csv': new TextEncoder().encode('a,b\n1,2\n'),
  });
  const NOT_TEXT = bytesOf([0x41, 0xff, 0xff, 0x00, 0x01, 0x02, 0xff, 0x80, 0x00, 0x03]);
  /** A real one-paragraph DOCX. */
  const docx = async () =>
    new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('通知')] }] })));

  // ── the table ──────────────────────────────────────────────────────────────────────────────

  const reg = 'registration';
  // biome-ignore format: a table, one row per line
  const rows: Row[] = [
    // Registration: every field of POST /api/documents.
    { area: reg, input: 'title missing', run: without('title'), status: 400, message: /body\.title: title must be text/ },
    { area: reg, input: 'title: "" (empty)', run: withField('title', ''), status: 400, message: /body\.title: title is required/ },
    { area: reg, input: 'title: "   " (blanks only)', run: withField('title', '   '), status: 400, message: /body\.title: title is required/ },
    { area: reg, input: 'title: 42 (a number)', run: withField('title', 42), status: 400, message: /body\.title: title must be text/ },
    { area: reg, input: 'title: 201 characters', run: withField('title', '通'.repeat(201)), status: 400, message: /body\.title: title is at most 200 characters/ },
    { area: reg, input: 'title with NUL (U+0000)', run: withField('title', '通知\u0000附件'), status: 400, message: /body\.title: title must not contain control characters/ },
    { area: reg, input: 'title with RIGHT-TO-LEFT OVERRIDE (U+202E)', run: withField('title', '通知\u202etxt.exe'), status: 400, message: /body\.title: .*bidirectional controls/ },
    { area: reg, input: 'title with a line break', run: withField('title', '通知\n第二行'), status: 400, message: /body\.title: .*line breaks/ },
    { area: reg, input: 'agency missing', run: without('agency'), status: 400, message: /body\.agency: agency must be an id/ },
    { area: reg, input: 'agency: "../edu" (not an id)', run: withField('agency', '../edu'), status: 400, message: /body\.agency: agency must be an id of letters/ },
    { area: reg, input: 'agency: "health" (not the caller’s, zhang.wei is edu)', run: withField('agency', 'health'), status: 403, message: /you upload for edu, not for health/ },
    { area: reg, input: 'registered by a leader (li.na), not an uploader', run: registration((m) => m, 'li.na'), status: 403, message: /only uploaders register documents/ },
    { area: reg, input: 'department: "no-such-dept"', run: withField('department', 'no-such-dept'), status: 400, message: /department "no-such-dept" is not part of edu/ },
    { area: reg, input: 'department: ["office"] (wrong type)', run: withField('department', ['office']), status: 400, message: /body\.department: department must be an id/ },
    { area: reg, input: 'category: "2" (one digit)', run: withField('category', '2'), status: 400, message: /body\.category: category is a two-digit catalogue code/ },
    { area: reg, input: 'category missing', run: without('category'), status: 400, message: /body\.category/ },
    { area: reg, input: 'documentNumber: 101 characters', run: withField('documentNumber', '号'.repeat(101)), status: 400, message: /body\.documentNumber: documentNumber is at most 100 characters/ },
    { area: reg, input: 'formedAt missing', run: without('formedAt'), status: 400, message: /body\.formedAt: formedAt must be a date as YYYY-MM-DD/ },
    { area: reg, input: 'formedAt: "2026-02-30"', run: withField('formedAt', '2026-02-30'), status: 400, message: /body\.formedAt: formedAt must be a date as YYYY-MM-DD/ },
    { area: reg, input: 'formedAt: "2026/11/20"', run: withField('formedAt', '2026/11/20'), status: 400, message: /body\.formedAt: formedAt must be a date/ },
    { area: reg, input: 'formedAt: 20261120 (a number)', run: withField('formedAt', 20261120), status: 400, message: /body\.formedAt: formedAt must be a date/ },
    { area: reg, input: 'formedAt: "1900-01-01"', run: withField('formedAt', '1900-01-01'), status: 400, message: /formedAt 1900-01-01 is outside 2000-01-01 … / },
    { area: reg, input: 'formedAt: "1999-12-31" (a day before the window)', run: withField('formedAt', '1999-12-31'), status: 400, message: /formedAt 1999-12-31 is outside 2000-01-01 … / },
    { area: reg, input: 'formedAt: "2099-01-01"', run: withField('formedAt', '2099-01-01'), status: 400, message: /formedAt 2099-01-01 is outside 2000-01-01 … / },
    { area: reg, input: 'formedAt: "9999-12-31"', run: withField('formedAt', '9999-12-31'), status: 400, message: /formedAt 9999-12-31 is outside 2000-01-01 … / },
    { area: reg, input: 'disclosure: "secret"', run: withField('disclosure', 'secret'), status: 400, message: /body\.disclosure/ },
    { area: reg, input: 'disclosure: "not-disclosed" without legalReason', run: withField('disclosure', 'not-disclosed'), status: 400, message: /body\.legalReason: FIVE-1: a not-disclosed .* needs a legalReason/ },
    { area: reg, input: 'disclosure: "not-disclosed", legalReason: "" ', run: registration((m) => ({ ...m, disclosure: 'not-disclosed', legalReason: '' })), status: 400, message: /body\.legalReason: legalReason is required/ },
    { area: reg, input: 'legalReason with ESC (U+001B)', run: registration((m) => ({ ...m, disclosure: 'not-disclosed', legalReason: '依据\u001b[31m第十五条' })), status: 400, message: /body\.legalReason: legalReason must not contain control characters/ },
    { area: reg, input: 'origin: "stolen"', run: withField('origin', 'stolen'), status: 400, message: /body\.origin/ },
    { area: reg, input: 'madeBy: "no-such-agency"', run: withField('madeBy', 'no-such-agency'), status: 400, message: /madeBy: unknown agency "no-such-agency"/ },
    { area: reg, input: 'heldBy: "no-such-agency"', run: registration((m) => ({ ...m, origin: 'obtained', heldBy: 'no-such-agency' })), status: 400, message: /heldBy: unknown agency "no-such-agency"/ },
    { area: reg, input: 'leadDrafter: "no-such-agency"', run: withField('leadDrafter', 'no-such-agency'), status: 400, message: /leadDrafter: unknown agency "no-such-agency"/ },
    { area: reg, input: 'consult: ["no-such-agency"]', run: withField('consult', ['no-such-agency']), status: 400, message: /consult: unknown agency "no-such-agency"/ },
    { area: reg, input: 'consult: "health" (not a list)', run: withField('consult', 'health'), status: 400, message: /body\.consult/ },
    { area: reg, input: 'consult: 11 agencies', run: withField('consult', Array.from({ length: 11 }, (_, i) => `agency-${i}`)), status: 400, message: /body\.consult: consult names at most 10 agencies/ },
    { area: reg, input: 'sensitiveCategory: "weapons"', run: withField('sensitiveCategory', 'weapons'), status: 400, message: /body\.sensitiveCategory/ },
    { area: reg, input: 'importantPolicy: "yes" (not a boolean)', run: withField('importantPolicy', 'yes'), status: 400, message: /body\.importantPolicy/ },
    { area: reg, input: 'interprets: "policy-1" (not an id)', run: withField('interprets', 'policy-1'), status: 400, message: /body\.interprets: interprets must be the id of a registered document/ },
    { area: reg, input: `interprets: "${UNKNOWN_UUID}" (no such document)`, run: withField('interprets', UNKNOWN_UUID), status: 400, message: /INTERP-3: .* is not a registered important policy/ },
    { area: reg, input: 'filename missing', run: without('filename'), status: 400, message: /body\.filename: filename must be text/ },
    { area: reg, input: 'filename: 256 characters', run: withField('filename', `${'a'.repeat(252)}.txt`), status: 400, message: /body\.filename: filename is at most 255 characters/ },
    { area: reg, input: 'filename: "invoice\\u202Etxt.exe" (bidi override)', run: withField('filename', 'invoice\u202etxt.exe'), status: 400, message: /body\.filename: .*bidirectional controls/ },
    { area: reg, input: 'contentType: "application/x-msdownload"', run: withField('contentType', 'application/x-msdownload'), status: 400, message: /body\.contentType/ },
    { area: reg, input: 'contentType: "image/gif"', run: withField('contentType', 'image/gif'), status: 400, message: /body\.contentType/ },
    { area: reg, input: 'contentType missing', run: without('contentType'), status: 400, message: /body\.contentType/ },
    { area: reg, input: 'Idempotency-Key: "a key" (a space)', run: keyedRegistration('a key'), status: 400, message: /^header\.Idempotency-Key: / },
    { area: reg, input: 'Idempotency-Key: 256 characters', run: keyedRegistration('k'.repeat(256)), status: 400, message: /^header\.Idempotency-Key: / },
    { area: reg, input: 'Idempotency-Key sent again with another title', run: keyedRegistration('bad-input-reused-key', { title: '第一次登记' }), status: 422, message: /Idempotency-Key: this key registered document .* with other title/ },
    { area: reg, input: 'body: [] (an array, not an object)', run: async () => answered(await (await as('zhang.wei')).post('/api/documents', [])), status: 400, message: /^body: / },
    { area: reg, input: 'body: {"title": (malformed JSON)', run: async () => answered(await raw('POST', '/api/documents', '{"title":', 'zhang.wei')), status: 400, message: /the request body is not valid JSON/ },
    { area: reg, input: 'body: 9 MB (title of 9 MB)', run: async () => answered(await raw('POST', '/api/documents', JSON.stringify({ ...DEMO_METADATA, title: 'x'.repeat(9 * 1024 * 1024) }), 'zhang.wei')), status: 413, message: /request bodies are limited to 8388608 bytes/ },

    // Upload: the PUT is accepted (S3 takes any bytes); Intake refuses what contradicts the registration.
    { area: 'upload', input: 'empty file (text/plain)', run: uploadRefused(new Uint8Array(0), {}), status: 'FAILED', message: /^file is empty$/, after: 'FAILED' },
    { area: 'upload', input: '20 MB + 1 byte of text (the S3 event announces the size)', run: uploadRefused(new Uint8Array(20 * 1024 * 1024 + 1).fill(0x61), {}), status: 'FAILED', message: /^file is 20971521 bytes; the limit is 20971520$/, after: 'FAILED' },
    { area: 'upload', input: 'registered text/plain, PUT with Content-Type text/html', run: uploadRefused(new TextEncoder().encode('<p>通知</p>'), {}, 'text/html'), status: 'FAILED', message: /^uploaded as text\/html but registered as text\/plain$/, after: 'FAILED' },
    { area: 'upload', input: 'PNG image registered as text/plain', run: uploadRefused(PNG, {}), status: 'FAILED', message: /^registered as text\/plain but the file is an image$/, after: 'FAILED' },
    { area: 'upload', input: 'ELF executable registered as text/plain', run: uploadRefused(ELF, {}), status: 'FAILED', message: /registered as text\/plain but the file is an executable or compressed archive/, after: 'FAILED' },
    { area: 'upload', input: 'PDF registered as text/plain', run: uploadRefused(PDF, {}), status: 'FAILED', message: /registered as text\/plain but the file is a PDF/, after: 'FAILED' },
    { area: 'upload', input: 'bytes that are neither UTF-8 nor GB18030, as text/plain', run: uploadRefused(NOT_TEXT, {}), status: 'FAILED', message: /registered as text\/plain but the file is not readable text/, after: 'FAILED' },
    { area: 'upload', input: 'garbage bytes registered as DOCX', run: uploadRefused(GARBAGE, { filename: 'a.docx', contentType: DOCX }), status: 'FAILED', message: /registered as application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document but the file is text/, after: 'FAILED' },
    { area: 'upload', input: 'garbage bytes registered as PDF', run: uploadRefused(GARBAGE, { filename: 'a.pdf', contentType: 'application/pdf' }), status: 'FAILED', message: /registered as application\/pdf but the file is text/, after: 'FAILED' },
    { area: 'upload', input: 'a ZIP (readme.txt, data/a.csv) registered as DOCX', run: uploadRefused(ZIP, { filename: 'a.docx', contentType: DOCX }), status: 'FAILED', message: /registered as application\/vnd\..* but the file is a ZIP package that is not a \.docx/, after: 'FAILED' },
    { area: 'upload', input: 'an Office 97–2003 (.doc) file registered as DOCX', run: uploadRefused(OLE, { filename: 'a.docx', contentType: DOCX }), status: 'FAILED', message: /but the file is an Office 97–2003 file/, after: 'FAILED' },
    { area: 'upload', input: 'a real DOCX registered as PDF', run: async () => uploadRefused(await docx(), { filename: 'a.pdf', contentType: 'application/pdf' })(), status: 'FAILED', message: /registered as application\/pdf but the file is a Word \(\.docx\) document/, after: 'FAILED' },

    // Decisions: POST /api/tasks/:id/decision.
    { area: 'decision', input: 'signoff: decision "maybe"', run: decision('signoff', () => ({ decision: 'maybe' })), status: 400, message: /decision for a signoff task must be one of approve, reject/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: decision "redact" (a review decision)', run: decision('signoff', ({ documentId }) => ({ decision: 'redact', redactionKey: `redactions/${documentId}/${UNKNOWN_UUID}` })), status: 400, message: /decision for a signoff task must be one of approve, reject/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: no decision ({})', run: decision('signoff', () => ({})), status: 400, message: /body\.decision: decision must be text/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: decision true (not text)', run: decision('signoff', () => ({ decision: true })), status: 400, message: /body\.decision: decision must be text/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: reject without a comment', run: decision('signoff', () => ({ decision: 'reject' })), status: 400, message: /a reject needs a comment/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: reject, comment "   " (blank)', run: decision('signoff', () => ({ decision: 'reject', comment: '   ' })), status: 400, message: /a reject needs a comment/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: comment with NUL', run: decision('signoff', () => ({ decision: 'reject', comment: '内容\u0000需完善' })), status: 400, message: /body\.comment: comment must not contain control characters/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: comment of 2001 characters', run: decision('signoff', () => ({ decision: 'reject', comment: '改'.repeat(2001) })), status: 400, message: /body\.comment: comment is at most 2000 characters/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: decided by chen.min (another agency’s leader)', run: decision('signoff', () => ({ decision: 'approve' }), 'chen.min'), status: 403, message: /is assigned to li\.na, not to you/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'signoff: decided by zhang.wei (the uploader)', run: decision('signoff', () => ({ decision: 'approve' }), 'zhang.wei'), status: 403, message: /is assigned to li\.na, not to you/, after: 'AWAITING_SIGNOFF' },
    {
      area: 'decision',
      input: 'signoff: rejected, then approved (decided twice)',
      run: async () => {
        const { doc, taskId } = await awaitingSignOff();
        const leader = await as('li.na');
        expect((await leader.post(`/api/tasks/${taskId}/decision`, { decision: 'reject', comment: '内容需完善' })).status).toBe(200);
        await waitForStatus(await as('zhang.wei'), doc.id, 'REJECTED');
        return answered(await leader.post(`/api/tasks/${taskId}/decision`, { decision: 'approve' }), doc);
      },
      status: 409,
      message: /was already decided \(reject\)/,
      after: 'REJECTED',
    },
    { area: 'decision', input: 'signoff: Idempotency-Key "a key" (a space)', run: async () => { const { doc, taskId } = await awaitingSignOff(); return answered(await raw('POST', `/api/tasks/${taskId}/decision`, JSON.stringify({ decision: 'approve' }), 'li.na', { 'Idempotency-Key': 'a key' }), doc); }, status: 400, message: /^header\.Idempotency-Key: /, after: 'AWAITING_SIGNOFF' },
    {
      area: 'decision',
      input: 'signoff: rejected with an Idempotency-Key, then approved with the same key',
      run: async () => {
        const { doc, taskId } = await awaitingSignOff();
        const keyed = (body: unknown) =>
          raw('POST', `/api/tasks/${taskId}/decision`, JSON.stringify(body), 'li.na', { 'Idempotency-Key': 'bad-input-decision-key' });
        expect((await keyed({ decision: 'reject', comment: '内容需完善' })).status).toBe(200);
        await waitForStatus(await as('zhang.wei'), doc.id, 'REJECTED');
        return answered(await keyed({ decision: 'approve' }), doc);
      },
      status: 422,
      message: /Idempotency-Key: this key decided task .* as reject with another comment, decision or redacted version/,
      after: 'REJECTED',
    },
    { area: 'decision', input: 'signoff: body {"decision": (malformed JSON)', run: async () => { const { doc, taskId } = await awaitingSignOff(); return answered(await raw('POST', `/api/tasks/${taskId}/decision`, '{"decision":', 'li.na'), doc); }, status: 400, message: /the request body is not valid JSON/, after: 'AWAITING_SIGNOFF' },
    { area: 'decision', input: 'review: withhold without the legal reason', run: decision('review', () => ({ decision: 'withhold' })), status: 400, message: /FIVE-1: withholding .* needs the legal reason in the comment/, after: 'IN_REVIEW' },
    { area: 'decision', input: 'review: return without a comment', run: decision('review', () => ({ decision: 'return' })), status: 400, message: /a return needs a comment/, after: 'IN_REVIEW' },
    { area: 'decision', input: 'review: redact without a redactionKey', run: decision('review', () => ({ decision: 'redact' })), status: 400, message: /^redactionKey: a redaction needs the redactionKey/, after: 'IN_REVIEW' },
    { area: 'decision', input: 'review: redactionKey 12345 (not text)', run: decision('review', () => ({ decision: 'redact', redactionKey: 12345 })), status: 400, message: /body\.redactionKey/, after: 'IN_REVIEW' },
    { area: 'decision', input: 'review: redactionKey "uploads/<this document>" (its own upload)', run: decision('review', ({ documentId }) => ({ decision: 'redact', redactionKey: `uploads/${documentId}` })), status: 400, message: /^redactionKey: a redaction needs the redactionKey/, after: 'IN_REVIEW' },
    {
      area: 'decision',
      input: 'review: redactionKey "redactions/<doc>/../../uploads/<other>"',
      run: async () => {
        const other = await uploaded(`另一份：身份证号${ID_NUMBER}`, { title: '另一份文件' });
        return decision('review', ({ documentId }) => ({ decision: 'redact', redactionKey: `redactions/${documentId}/../../uploads/${other.id}` }))();
      },
      status: 400,
      message: /^redactionKey: a redaction needs the redactionKey/,
      after: 'IN_REVIEW',
    },
    {
      area: 'decision',
      input: 'review: redactionKey issued for another document’s review',
      run: async () => {
        const other = await inReview('另一份待审文件');
        const foreignKey = await redactionSlot(other.taskId, new TextEncoder().encode('另一份文件的脱敏版本。'));
        return decision('review', () => ({ decision: 'redact', redactionKey: foreignKey }))();
      },
      status: 400,
      message: /^redactionKey: a redaction needs the redactionKey/,
      after: 'IN_REVIEW',
    },
    { area: 'decision', input: 'review: redactionKey issued, nothing uploaded to it', run: decision('review', async ({ taskId }) => ({ decision: 'redact', redactionKey: await redactionSlot(taskId) })), status: 400, message: /^redactionKey: no redacted version uploaded at redactions\//, after: 'IN_REVIEW' },
    { area: 'decision', input: 'review: redacted version is a PNG PUT as text/plain', run: decision('review', async ({ taskId }) => ({ decision: 'redact', redactionKey: await redactionSlot(taskId, PNG) })), status: 400, message: /^redactionKey: the redacted version cannot be used: registered as text\/plain but the file is an image/, after: 'IN_REVIEW' },
    { area: 'decision', input: 'review: redacted version is empty', run: decision('review', async ({ taskId }) => ({ decision: 'redact', redactionKey: await redactionSlot(taskId, new Uint8Array(0)) })), status: 400, message: /^redactionKey: the redacted version cannot be used: file is empty/, after: 'IN_REVIEW' },
    { area: 'decision', input: `task id "${UNKNOWN_UUID}" (no such task)`, run: async () => answered(await (await as('li.na')).post(`/api/tasks/${UNKNOWN_UUID}/decision`, { decision: 'approve' })), status: 404, message: /no task 00000000-/ },

    // Redaction slots: POST /api/tasks/:id/redaction.
    { area: 'redaction', input: 'a redaction slot for a signoff task', run: async () => { const { doc, taskId } = await awaitingSignOff(); return answered(await (await as('li.na')).post(`/api/tasks/${taskId}/redaction`, { contentType: 'text/plain' }), doc); }, status: 400, message: /only confidentiality reviews take a redacted version/, after: 'AWAITING_SIGNOFF' },
    { area: 'redaction', input: 'contentType: "image/gif"', run: async () => { const { doc, taskId } = await inReview(); return answered(await (await as('wang.fang')).post(`/api/tasks/${taskId}/redaction`, { contentType: 'image/gif' }), doc); }, status: 400, message: /body\.contentType/, after: 'IN_REVIEW' },
    { area: 'redaction', input: 'contentType missing', run: async () => { const { doc, taskId } = await inReview(); return answered(await (await as('wang.fang')).post(`/api/tasks/${taskId}/redaction`, {}), doc); }, status: 400, message: /body\.contentType/, after: 'IN_REVIEW' },
    { area: 'redaction', input: 'asked by li.na (not in the pre-review group)', run: async () => { const { doc, taskId } = await inReview(); return answered(await (await as('li.na')).post(`/api/tasks/${taskId}/redaction`, { contentType: 'text/plain' }), doc); }, status: 403, message: /is assigned to group:reviewer, not to you/, after: 'IN_REVIEW' },

    // Corrections and withdrawals (COORD-6: the publisher's staff only).
    { area: 'correction', input: 'correction by liu.yang (health, not the publisher)', run: correction({}, 'liu.yang'), status: 403, message: /agency 'health' may not publish this information; only 'edu' may \(COORD-6\)/, after: 'PUBLISHED' },
    { area: 'correction', input: 'correction, note: "" ', run: correction({ note: '' }), status: 400, message: /body\.note: note is required/, after: 'PUBLISHED' },
    { area: 'correction', input: 'correction, note missing', run: correction({ note: undefined }), status: 400, message: /body\.note: note must be text/, after: 'PUBLISHED' },
    { area: 'correction', input: 'correction, contentBase64: "%%%not base64"', run: correction({ contentBase64: '%%%not base64' }), status: 400, message: /body\.contentBase64: contentBase64 must be base64/, after: 'PUBLISHED' },
    { area: 'correction', input: 'correction, contentBase64 of 5.5 MB (7.3 MB of base64)', run: correction({ contentBase64: Buffer.alloc(5.5 * 1024 * 1024, 0x61).toString('base64') }), status: 413, message: /corrected files are limited to 5242880 bytes/, after: 'PUBLISHED' },
    { area: 'correction', input: 'correction, contentType: "application/zip"', run: correction({ contentType: 'application/zip' }), status: 400, message: /body\.contentType/, after: 'PUBLISHED' },
    { area: 'correction', input: 'correction with an ID number in the corrected file', run: correction({ contentBase64: Buffer.from(`更正：身份证号${ID_NUMBER}`).toString('base64') }), status: 400, message: /FIVE-4: the corrected file needs a confidentiality review first \(found: id-number\)/, after: 'PUBLISHED' },
    { area: 'correction', input: 'correction of a document not yet published (AWAITING_SIGNOFF)', run: correction({}, 'zhang.wei', async () => (await awaitingSignOff()).doc), status: 409, message: /is AWAITING_SIGNOFF: only a published document can be corrected or withdrawn/, after: 'AWAITING_SIGNOFF' },
    { area: 'withdrawal', input: 'withdrawal, reason missing', run: withdrawal({}), status: 400, message: /body\.reason: reason must be text/, after: 'PUBLISHED' },
    { area: 'withdrawal', input: 'withdrawal, reason: "  " (blank)', run: withdrawal({ reason: '  ' }), status: 400, message: /body\.reason: reason is required/, after: 'PUBLISHED' },
    { area: 'withdrawal', input: 'withdrawal by liu.yang (health, not the publisher)', run: withdrawal({ reason: '内容有误' }, 'liu.yang'), status: 403, message: /agency 'health' may not publish this information; only 'edu' may \(COORD-6\)/, after: 'PUBLISHED' },

    // Query parameters.
    { area: 'query', input: 'GET /api/catalog?year=abc', run: get('/api/catalog?year=abc'), status: 400, message: /query\.year/ },
    { area: 'query', input: 'GET /api/catalog?year=1999', run: get('/api/catalog?year=1999'), status: 400, message: /query\.year/ },
    { area: 'query', input: 'GET /api/catalog?category=abc', run: get('/api/catalog?category=abc'), status: 400, message: /query\.category/ },
    { area: 'query', input: 'GET /api/catalog?q=<201 characters>', run: get(`/api/catalog?q=${encodeURIComponent('查'.repeat(201))}`), status: 400, message: /query\.q/ },
    { area: 'query', input: 'GET /api/tasks?limit=0 (li.na)', run: get('/api/tasks?limit=0', 'li.na'), status: 400, message: /^query\.limit: limit must be at least 1$/ },
    { area: 'query', input: 'GET /api/pipeline?limit=101 (li.na)', run: get('/api/pipeline?limit=101', 'li.na'), status: 400, message: /^query\.limit: limit is at most 100$/ },
    { area: 'query', input: 'GET /api/documents?limit=ten (zhang.wei)', run: get('/api/documents?limit=ten', 'zhang.wei'), status: 400, message: /^query\.limit: limit must be a whole number/ },
    { area: 'query', input: 'GET /api/tasks?cursor=not-a-cursor (li.na)', run: get('/api/tasks?cursor=not-a-cursor', 'li.na'), status: 400, message: /^cursor: not a task-list cursor; pass back the "next" of the previous page/ },
    { area: 'query', input: 'GET /api/documents?cursor=<a raw DynamoDB key, base64url> (zhang.wei)', run: get(`/api/documents?cursor=${Buffer.from(JSON.stringify({ pk: 'DOC#x', sk: 'DOC' })).toString('base64url')}`, 'zhang.wei'), status: 400, message: /^cursor: not a document-list cursor/ },
    { area: 'query', input: "GET /api/pipeline?cursor=<li.na's (区教育局) next> (liu.yang, 区卫生健康局)", run: async () => answered(await (await as('liu.yang')).get(`/api/pipeline?cursor=${await pipelineCursorOf('li.na')}`)), status: 400, message: /^cursor: it belongs to another pipeline \(agency or district\)/ },
    { area: 'query', input: 'GET /api/tasks?cursor=<401 characters> (li.na)', run: get(`/api/tasks?cursor=${'A'.repeat(401)}`, 'li.na'), status: 400, message: /^query\.cursor: cursor is at most 400 characters$/ },
    { area: 'query', input: 'GET /api/reviews/attributes?quarter=2026Q5 (wang.fang)', run: get('/api/reviews/attributes?quarter=2026Q5', 'wang.fang'), status: 400, message: /query\.quarter: quarter must look like 2026Q4/ },
    { area: 'query', input: 'GET /api/reviews/attributes (quarter missing)', run: get('/api/reviews/attributes', 'wang.fang'), status: 400, message: /query\.quarter: quarter is required/ },
    { area: 'query', input: 'GET /api/reviews/withheld?year=26', run: get('/api/reviews/withheld?year=26', 'zhang.wei'), status: 400, message: /query\.year: year must be a year such as 2026/ },
    { area: 'query', input: 'GET /api/scores?year=9999 (qian.hui)', run: get('/api/scores?year=9999', 'qian.hui'), status: 400, message: /query\.year: year must be 2000 … 2100/ },
    { area: 'query', input: 'GET /api/scores/edu/20x6 (qian.hui)', run: get('/api/scores/edu/20x6', 'qian.hui'), status: 400, message: /path\.year: year must be a year such as 2026/ },

    // Ids and routes.
    { area: 'id', input: 'GET /api/documents/<2 KB id>', run: get(`/api/documents/${LONG_ID}`, 'zhang.wei'), status: 404, message: /^path\.id: no such id/ },
    { area: 'id', input: 'POST /api/tasks/<2 KB id>/decision', run: async () => answered(await (await as('li.na')).post(`/api/tasks/${LONG_ID}/decision`, { decision: 'approve' })), status: 404, message: /^path\.id: no such id/ },
    { area: 'id', input: 'GET /api/catalog/entries/<2 KB id> (anonymous)', run: get(`/api/catalog/entries/${LONG_ID}`), status: 404, message: /^path\.documentId: no such documentId/ },
    { area: 'id', input: 'GET /api/scores/<2 KB agency>/2026 (qian.hui)', run: get(`/api/scores/${LONG_ID}/2026`, 'qian.hui'), status: 404, message: /^path\.agency: no such agency/ },
    { area: 'id', input: 'GET /api/documents/%2E%2E%2Fetc (not an id)', run: get('/api/documents/%2E%2E%2Fetc', 'zhang.wei'), status: 404, message: /^path\.id: no such id/ },
    { area: 'id', input: `GET /api/documents/${UNKNOWN_UUID} (no such document)`, run: get(`/api/documents/${UNKNOWN_UUID}`, 'zhang.wei'), status: 404, message: /no such document/ },
    { area: 'id', input: `GET /api/catalog/entries/${UNKNOWN_UUID} (anonymous)`, run: get(`/api/catalog/entries/${UNKNOWN_UUID}`), status: 404, message: /no such catalogue entry/ },
    // Unknown routes: a JSON 404 naming the route, signed in or not, whatever the method.
    { area: 'route', input: 'GET /api/nope (signed in)', run: get('/api/nope', 'zhang.wei'), status: 404, message: /no route GET \/api\/nope/ },
    { area: 'route', input: 'GET /api/documents/a/b/c (signed in)', run: get('/api/documents/a/b/c', 'zhang.wei'), status: 404, message: /no route GET \/api\/documents\/a\/b\/c/ },
    { area: 'route', input: 'GET /api/nope (anonymous)', run: get('/api/nope'), status: 404, message: /no route GET \/api\/nope/ },
    { area: 'route', input: 'GET /api/scores/edu (anonymous)', run: get('/api/scores/edu'), status: 404, message: /no route GET \/api\/scores\/edu/ },
    { area: 'route', input: 'DELETE /api/documents (signed in)', run: async () => answered(await raw('DELETE', '/api/documents', '', 'zhang.wei')), status: 404, message: /no route DELETE \/api\/documents/ },
    { area: 'route', input: 'POST /api/health (anonymous)', run: async () => answered(await raw('POST', '/api/health', '{}')), status: 404, message: /no route POST \/api\/health/ },
  ];

  it('has at least 45 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(45);
  });

  it.each(rows.map((row) => [`${row.area}: ${row.input}`, row] as const))('%s', async (_name, row) => {
    const outcome = await row.run();
    const entry: { row: Row; outcome: Outcome; after?: string } = { row, outcome };
    results.push(entry);
    expect(outcome.status).toBe(row.status);
    expect(outcome.message).toMatch(row.message);
    if (outcome.registered !== undefined) expect(outcome.registered, 'documents registered').toBe(0);
    // Every refusal is the API's JSON error, never a crash (500) or an HTML page.
    if (typeof row.status === 'number') {
      expect([
        'invalid_input',
        'invalid_json',
        'too_large',
        'forbidden',
        'not_found',
        'conflict',
        'unauthorised_publication',
        'idempotency_key_reused',
      ]).toContain(outcome.code);
    }
    expect(row.after === undefined, 'a row with a document states its status afterwards').toBe(
      outcome.doc === undefined,
    );
    if (!outcome.doc) return;

    // The document afterwards: its status, and its upload still in the intake bucket.
    await runtime.workflow.settled();
    const doc = (await (await as('zhang.wei')).get(`/api/documents/${outcome.doc.id}`)).body;
    entry.after = doc.status;
    expect(doc.status).toBe(row.after);
    const upload = await runtime.deps.files.readOriginal(doc.objectKey);
    expect(Buffer.from(upload.bytes).equals(Buffer.from(outcome.doc.bytes)), 'the upload, unchanged').toBe(true);
    if (doc.contentKey) {
      const pinned = await runtime.deps.files.readOriginal(doc.contentKey);
      expect(createHash('sha256').update(pinned.bytes).digest('hex')).toBe(doc.sha256);
    }
  });
});
