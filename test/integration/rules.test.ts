import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime';
import { beijingDate } from '../../shared/calendar/beijing';
import {
  ApiClient,
  DEMO_METADATA,
  startTestRuntime,
  tempDataDir,
  todayInBeijing,
  upload,
  waitForStatus,
} from './support';

// Made-up numbers with valid check characters (GB 11643 / mobile format).
const ID_NUMBER = '11010519491231002X';
const MOBILE = '13912345678';

/** The disclosure rules as the running pipeline applies them, one scenario per rule. */
describe('rules in the running pipeline', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  let uploader: ApiClient;
  let reviewer: ApiClient;
  let leader: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    runtime = await startTestRuntime(data.dir);
    uploader = await new ApiClient(runtime.url).login('zhang.wei');
    reviewer = await new ApiClient(runtime.url).login('wang.fang');
    leader = await new ApiClient(runtime.url).login('li.na');
    anonymous = new ApiClient(runtime.url);
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  async function taskFor(client: ApiClient, documentId: string, kind: string) {
    await runtime.workflow.settled();
    const tasks = (await client.get('/api/tasks')).body.entries as Array<{
      id: string;
      documentId: string;
      kind: string;
    }>;
    const task = tasks.find((t) => t.documentId === documentId && t.kind === kind);
    if (!task) {
      const doc = (await uploader.get(`/api/documents/${documentId}`)).body;
      throw new Error(
        `no open ${kind} task for ${documentId}: ${JSON.stringify({ status: doc.status, failure: doc.failure, history: doc.history.map((e: any) => [e.from, e.to, e.note]) })}`,
      );
    }
    return task as any;
  }

  async function signOff(documentId: string, by = leader) {
    await waitForStatus(uploader, documentId, 'AWAITING_SIGNOFF');
    const task = await taskFor(by, documentId, 'signoff');
    expect((await by.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(200);
  }

  async function redact(taskId: string, text: string) {
    const slot = await reviewer.post(`/api/tasks/${taskId}/redaction`, { contentType: 'text/plain' });
    expect(slot.status).toBe(201);
    const put = await fetch(slot.body.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: text,
    });
    expect(put.ok).toBe(true);
    return reviewer.post(`/api/tasks/${taskId}/decision`, { decision: 'redact', redactionKey: slot.body.redactionKey });
  }

  /** A proactive document with personal data that the pre-review group withholds: WITHHELD. */
  async function withheldDocument(title: string) {
    const id = await upload(uploader, `联系人手机${MOBILE}`, { ...DEMO_METADATA, title });
    await waitForStatus(uploader, id, 'IN_REVIEW');
    const task = await taskFor(reviewer, id, 'review');
    const reason = '涉及个人隐私，依据《政府信息公开条例》第十五条不予公开';
    expect(
      (await reviewer.post(`/api/tasks/${task.id}/decision`, { decision: 'withhold', comment: reason })).status,
    ).toBe(200);
    await waitForStatus(uploader, id, 'WITHHELD');
    return id;
  }

  /** An on-request document, signed off and recorded (not published). */
  async function recordedOnRequestDocument(title: string) {
    const id = await upload(uploader, '依申请公开的答复材料。', { ...DEMO_METADATA, title, disclosure: 'on-request' });
    await signOff(id);
    await waitForStatus(uploader, id, 'RECORDED');
    return id;
  }

  it('FIVE-4 EXPAND-4 REVIEW-2 personal data goes to the pre-review group; a redaction is scanned again until clean', async () => {
    const original = `申请人张某，身份证号${ID_NUMBER}，联系电话${MOBILE}。经审核，符合救助条件。`;
    const id = await upload(uploader, original, { ...DEMO_METADATA, title: '关于发放临时救助金的公示' });
    const inReview = await waitForStatus(uploader, id, 'IN_REVIEW');
    expect(inReview.findings.map((f: { kind: string }) => f.kind).sort()).toEqual(['id-number', 'mobile']);

    const first = await taskFor(reviewer, id, 'review');
    expect(first.document.findings).toHaveLength(2);
    // The text is not in the list: the card reads it when the task is opened.
    const text = (await reviewer.get(`/api/tasks/${first.id}/excerpt`)).body.text;
    expect(text).toBe(original);
    const idFinding = first.document.findings.find((f: { kind: string }) => f.kind === 'id-number');
    expect(text.slice(idFinding.start, idFinding.end)).toBe(ID_NUMBER);
    expect((await leader.get('/api/tasks')).body.entries.map((t: { id: string }) => t.id)).not.toContain(first.id);

    // Still has the ID number: the flow scans it, finds it and asks the reviewers again.
    expect((await redact(first.id, `申请人张某，身份证号${ID_NUMBER}，联系电话***。`)).status).toBe(200);
    const second = await taskFor(reviewer, id, 'review');
    expect(second.id).not.toBe(first.id);
    expect(second.document.findings.map((f: { kind: string }) => f.kind)).toEqual(['id-number']);

    const clean = '申请人张某，身份证号***，联系电话***。经审核，符合救助条件。';
    expect((await redact(second.id, clean)).status).toBe(200);
    await signOff(id);
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    const entry = (await anonymous.get(`/api/catalog?year=${published.indexNumber.slice(8, 12)}`)).body.entries.find(
      (e: { documentId: string }) => e.documentId === id,
    );
    expect(entry, `the catalogue entry of ${id}`).toBeDefined();
    expect(await (await fetch(`${runtime.url}${entry.url}`)).text()).toBe(clean);
    // The agency's original is kept as evidence, never published.
    // The agency's upload, pinned under its hash when Intake admitted it.
    expect(published.originalKey).toMatch(new RegExp(`^pinned/${id}/[0-9a-f]{64}$`));
    const kept = await runtime.deps.files.readOriginal(published.originalKey);
    expect(Buffer.from(kept.bytes).toString('utf8')).toBe(original);
    expect(published.history.filter((e: { to: string }) => e.to === 'CLEARED')).toHaveLength(1);
  });

  it('FIVE-1 a reviewer who withholds must give the legal reason; the document ends WITHHELD', async () => {
    const id = await upload(uploader, `联系人手机${MOBILE}`, { ...DEMO_METADATA, title: '内部联络表' });
    await waitForStatus(uploader, id, 'IN_REVIEW');
    const task = await taskFor(reviewer, id, 'review');
    const noReason = await reviewer.post(`/api/tasks/${task.id}/decision`, { decision: 'withhold' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('FIVE-1');
    const reason = '涉及个人隐私，依据《政府信息公开条例》第十五条不予公开';
    expect(
      (await reviewer.post(`/api/tasks/${task.id}/decision`, { decision: 'withhold', comment: reason })).status,
    ).toBe(200);
    const doc = await waitForStatus(uploader, id, 'WITHHELD');
    expect(doc.legalReason).toBe(reason);
    expect(doc.history.at(-1)).toMatchObject({
      actor: 'wang.fang',
      from: 'IN_REVIEW',
      to: 'WITHHELD',
      rules: ['FIVE-4', 'FIVE-1'],
    });
  });

  it('REVIEW-2 an unreadable file goes to human review with the reason, never "clear"', async () => {
    const scanned = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0x13, 0x37]);
    const id = await upload(uploader, scanned, {
      ...DEMO_METADATA,
      title: '扫描件',
      filename: 'scan.pdf',
      contentType: 'application/pdf',
    });
    const doc = await waitForStatus(uploader, id, 'IN_REVIEW');
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({ kind: 'unreadable', rule: 'REVIEW-2' });
    const task = await taskFor(reviewer, id, 'review');
    expect(
      (await reviewer.post(`/api/tasks/${task.id}/decision`, { decision: 'return', comment: '请上传可识别文字的版本' }))
        .status,
    ).toBe(200);
    await waitForStatus(uploader, id, 'RETURNED');
  });

  it('COORD-4 statistical data waits for the competent department’s approval before publication', async () => {
    const id = await upload(uploader, '2026年全区教育事业统计数据。', {
      ...DEMO_METADATA,
      title: '2026年教育事业统计公报',
      sensitiveCategory: 'statistics',
    });
    await signOff(id);
    const waiting = await waitForStatus(uploader, id, 'AWAITING_APPROVAL');
    expect(waiting.approvals).toEqual(['stats']);
    expect(waiting.routingRules).toEqual(['COORD-1', 'COORD-4']);
    const approver = await new ApiClient(runtime.url).login('zhao.lei');
    const task = await taskFor(approver, id, 'approval');
    // Another agency's approver cannot approve for the statistics bureau.
    const health = await new ApiClient(runtime.url).login('chen.min');
    expect((await health.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(403);
    expect((await approver.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    const routed = published.history.find((e: { to: string }) => e.to === 'ROUTED');
    expect(routed, 'the ROUTED transition').toBeDefined();
    expect(routed).toMatchObject({
      actor: 'zhao.lei',
      rules: ['COORD-4'],
    });
  });

  it('COORD-2 COORD-3 a joint document led by an abolished agency is published by its successor', async () => {
    const id = await upload(uploader, '关于土地整治项目的联合通知。', {
      ...DEMO_METADATA,
      title: '关于土地整治项目的联合通知',
      leadDrafter: 'land',
    });
    await signOff(id);
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    expect(published.publisher).toBe('natres');
    expect(published.indexNumber).toMatch(/^0206-02-/);
    expect(published.routingRules).toEqual(['COORD-1', 'COORD-2', 'COORD-3']);
  });

  it('FIVE-1 an on-request document is recorded with an index number but kept out of the public catalogue', async () => {
    const id = await upload(uploader, '依申请公开的答复材料。', {
      ...DEMO_METADATA,
      title: '依申请公开答复',
      disclosure: 'on-request',
    });
    await signOff(id);
    const recorded = await waitForStatus(uploader, id, 'RECORDED');
    expect(recorded.indexNumber).toMatch(/^0201-02-\d{4}-\d{6}$/);
    const listing = await anonymous.get(`/api/catalog?year=${recorded.indexNumber.slice(8, 12)}`);
    expect(listing.status).toBe(200);
    const catalog = listing.body.entries;
    expect(Array.isArray(catalog)).toBe(true);
    expect(catalog.map((e: { documentId: string }) => e.documentId)).not.toContain(id);
  });

  it('OGI-26 every document carries its publication deadline: 20 working days after formation', async () => {
    const id = await upload(uploader, '国庆节前形成的文件。', {
      ...DEMO_METADATA,
      title: '节前文件',
      formedAt: '2026-09-25',
    });
    const doc = (await uploader.get(`/api/documents/${id}`)).body;
    expect(doc).toMatchObject({ dueAt: '2026-10-29', dueProvisional: false });
  });

  it('COORD-1 COORD-6 an agency that uploads what another agency made is refused, and it is recorded', async () => {
    const id = await upload(uploader, '区卫生健康局制作的防疫指南。', {
      ...DEMO_METADATA,
      title: '转发：冬季防疫指南',
      madeBy: 'health',
    });
    await signOff(id);
    const refused = await waitForStatus(uploader, id, 'REJECTED');
    expect(refused).toMatchObject({
      publisher: 'health',
      wrongPublisherAttempt: true,
      routingRules: ['COORD-1', 'COORD-6'],
    });
    expect(refused.indexNumber).toBeUndefined();
    // Worded for readers by the dashboard (zh: "edu 无权发布：应由 health 公开（擅自发布，COORD-6）").
    expect(refused.history.at(-1).note).toEqual({ code: 'refused', agency: 'edu', publisher: 'health' });
  });

  it('INTERP-2 INTERP-3 INTERP-6 an important policy shows its missing interpretation until the drafting unit links one', async () => {
    const policyId = await upload(uploader, '关于深化义务教育改革的实施意见。', {
      ...DEMO_METADATA,
      title: '关于深化义务教育改革的实施意见',
      importantPolicy: true,
    });
    await signOff(policyId);
    const policy = await waitForStatus(uploader, policyId, 'PUBLISHED');
    const year = policy.indexNumber.slice(8, 12);
    const entryOf = async (id: string) => {
      const entry = (await anonymous.get(`/api/catalog?year=${year}`)).body.entries.find(
        (e: { documentId: string }) => e.documentId === id,
      );
      expect(entry, `the catalogue entry of ${id}`).toBeDefined();
      return entry;
    };
    expect(await entryOf(policyId)).toMatchObject({ importantPolicy: true, interpretationMissing: true });

    // Only the drafting unit interprets (谁起草、谁解读).
    const other = await new ApiClient(runtime.url).login('liu.yang');
    const foreign = await other.post('/api/documents', { ...DEMO_METADATA, agency: 'health', interprets: policyId });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain('INTERP-3');

    const interpretationId = await upload(uploader, '《实施意见》政策解读：一图读懂。', {
      ...DEMO_METADATA,
      title: '《关于深化义务教育改革的实施意见》解读',
      interprets: policyId,
    });
    await signOff(interpretationId);
    const interpretation = await waitForStatus(uploader, interpretationId, 'PUBLISHED');
    // The link is written right after the interpretation's publication, in the same step.
    await runtime.workflow.settled();
    const linked = await entryOf(policyId);
    expect(linked.interpretationMissing).toBeUndefined();
    expect(linked.interpretationIndexNumber).toBe(interpretation.indexNumber);
    expect(await (await fetch(`${runtime.url}${linked.interpretationUrl}`)).text()).toContain('政策解读');
  });

  it('COORD-5(1) COORD-5(2) COORD-5(3) EXPAND-5 agencies concerned reply within 10 working days; an objection is escalated', async () => {
    const id = await upload(uploader, '关于学校周边食品安全与交通秩序整治的通知。', {
      ...DEMO_METADATA,
      title: '关于学校周边综合整治的通知',
      consult: ['health', 'transport'],
    });
    await signOff(id);
    await waitForStatus(uploader, id, 'IN_CONSULTATION');
    const health = await new ApiClient(runtime.url).login('chen.min');
    const transport = await new ApiClient(runtime.url).login('jiang.ping');
    const healthTask = await taskFor(health, id, 'consultation');
    const transportTask = await taskFor(transport, id, 'consultation');
    const today = todayInBeijing();
    expect(healthTask.dueAt).toBe(runtime.deps.calendar.addWorkingDays(today, 10).due);

    const agreed = await health.post(`/api/tasks/${healthTask.id}/decision`, { decision: 'agree' });
    expect(agreed.body).toMatchObject({ ok: true, flowResumed: false });
    expect((await uploader.get(`/api/documents/${id}`)).body.status).toBe('IN_CONSULTATION');
    expect((await transport.post(`/api/tasks/${transportTask.id}/decision`, { decision: 'object' })).status).toBe(400);
    const objected = await transport.post(`/api/tasks/${transportTask.id}/decision`, {
      decision: 'object',
      comment: '涉及交通管制内容，应以交通运输局意见为准',
    });
    expect(objected.body).toMatchObject({ ok: true, flowResumed: true });

    const office = await new ApiClient(runtime.url).login('zhou.qiang');
    const escalation = await taskFor(office, id, 'escalation');
    expect((await office.post(`/api/tasks/${escalation.id}/decision`, { decision: 'publish' })).status).toBe(200);
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    const rules = published.history.flatMap((e: { rules?: string[] }) => e.rules ?? []);
    expect(rules).toEqual(expect.arrayContaining(['COORD-5(1)', 'COORD-5(3)', 'COORD-5(2)']));
    const routed = published.history.find((e: { to: string }) => e.to === 'ROUTED');
    expect(routed, 'the ROUTED transition').toBeDefined();
    expect(routed.rules).toEqual(['COORD-5(2)']);
  });

  it('READ-4 READ-6 READ-5(6) the public reads the catalogue free and without signing in; a visitor counts once a day', async () => {
    const id = await upload(uploader, '关于公布2026年度收费目录的公告。', {
      ...DEMO_METADATA,
      title: '2026年度收费目录公告',
    });
    await signOff(id);
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    const first = await anonymous.get(`/api/catalog/entries/${id}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ documentId: id, indexNumber: published.indexNumber, queries: 1 });
    // The same visitor (this socket's address and User-Agent) again: no new query; another browser is one.
    expect((await anonymous.get(`/api/catalog/entries/${id}`)).body.queries).toBe(1);
    const other = await fetch(`${runtime.url}/api/catalog/entries/${id}`, {
      headers: { 'user-agent': 'Firefox/140.0' },
    });
    expect(((await other.json()) as { queries: number }).queries).toBe(2);
    const listed = (await anonymous.get(`/api/catalog?year=${published.indexNumber.slice(8, 12)}`)).body.entries;
    const listedEntry = listed.find((e: { documentId: string }) => e.documentId === id);
    expect(listedEntry, `the catalogue entry of ${id}`).toBeDefined();
    expect(listedEntry.queries).toBe(2);
    // Only published entries exist for the public.
    const draft = await uploader.post('/api/documents', { ...DEMO_METADATA, title: '未上传' });
    expect((await anonymous.get(`/api/catalog/entries/${draft.body.id}`)).status).toBe(404);
    expect((await anonymous.get('/api/agencies')).status).toBe(200);
  });

  it('REVIEW-3.4 the disclosure office reviews the disclosure attributes of the quarter; FIVE-4 the yearly self-check lists withheld and on-request documents', async () => {
    // This test's own documents, registered this quarter: one withheld, one on-request and recorded.
    const withheldId = await withheldDocument('季度审查：内部联络表');
    const onRequestId = await recordedOnRequestDocument('季度审查：依申请公开答复');

    const quarter = `${new Date().getFullYear()}Q${Math.floor(new Date().getMonth() / 3) + 1}`;
    const review = await reviewer.get(`/api/reviews/attributes?quarter=${quarter}`);
    expect(review.status).toBe(200);
    const total = review.body.counts.proactive + review.body.counts['on-request'] + review.body.counts['not-disclosed'];
    expect(total).toBe(review.body.documents.length);
    expect(review.body.counts['on-request']).toBeGreaterThanOrEqual(1);
    expect(review.body.documents.map((d: { id: string }) => d.id)).toEqual(
      expect.arrayContaining([withheldId, onRequestId]),
    );
    expect((await uploader.get(`/api/reviews/attributes?quarter=${quarter}`)).status).toBe(403);
    expect((await reviewer.get('/api/reviews/attributes?quarter=2026-4')).status).toBe(400);

    const selfCheck = await uploader.get(`/api/reviews/withheld?year=${new Date().getFullYear()}`);
    expect(selfCheck.status).toBe(200);
    const statuses = selfCheck.body.documents.map(
      (d: { disclosure: string; status: string }) => `${d.disclosure}/${d.status}`,
    );
    expect(statuses).toEqual(expect.arrayContaining(['on-request/RECORDED', 'proactive/WITHHELD']));
    expect(selfCheck.body.documents.map((d: { id: string }) => d.id)).toEqual(
      expect.arrayContaining([withheldId, onRequestId]),
    );
    // `every` over an empty list is true: the list must not be empty.
    expect(selfCheck.body.documents.length).toBeGreaterThan(0);
    expect(selfCheck.body.documents.every((d: { agency: string }) => d.agency === 'edu')).toBe(true);
  });

  it('COORD-5(4) on-request information involving another agency: asked within 5 working days, reply within 5', async () => {
    const id = await upload(uploader, '依申请公开：学校周边道路规划答复。', {
      ...DEMO_METADATA,
      title: '依申请公开答复（涉及交通运输局）',
      disclosure: 'on-request',
      consult: ['transport'],
    });
    await signOff(id);
    const doc = await waitForStatus(uploader, id, 'IN_CONSULTATION');
    const today = todayInBeijing();
    const received = beijingDate(new Date(doc.createdAt));
    expect(doc).toMatchObject({
      solicitationDueAt: runtime.deps.calendar.addWorkingDays(received, 5).due,
      solicitationLate: false,
    });
    expect(doc.history.at(-1).rules).toEqual(['COORD-5(4)']);
    const transport = await new ApiClient(runtime.url).login('jiang.ping');
    const task = await taskFor(transport, id, 'consultation');
    expect(task.dueAt).toBe(runtime.deps.calendar.addWorkingDays(today, 5).due);
    expect((await transport.post(`/api/tasks/${task.id}/decision`, { decision: 'agree' })).status).toBe(200);
    await waitForStatus(uploader, id, 'RECORDED');
  });
});
