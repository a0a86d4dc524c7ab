import { describe, expect, it } from 'vitest';
import { AnnualReportSchema, InvalidReportSchema, ReportStatusListSchema } from '../../shared/api/responses';
import type { ObjectCreatedEvent } from '../../shared/pipeline/events';
import { intake } from '../../shared/pipeline/intake';
import { publishDocument } from '../../shared/pipeline/publish';
import { reviewDocument } from '../../shared/pipeline/review';
import { routeDocument } from '../../shared/pipeline/route';
import { parseReportCsv } from '../../shared/report/csv';
import { extractText } from '../../shared/review/extract';
import { CONSISTENT_APPEALS, consistentRequests } from '../unit/report/fixtures';
import { createWorld, PEOPLE, type World } from './support';

/** 政府信息公开工作年度报告 through the API, on 2026-11-24: the 2025 reports are due (late), 2026's in progress. */

const SECTIONS = {
  overview: '2025年，区教育局认真贯彻落实政府信息公开条例，全年主动公开政府信息。',
  problems: '政策解读形式较为单一，下一步将丰富解读形式。',
  other: '本年度未收取信息处理费。',
};

const put = (w: World, agency: string, year: number, body: unknown, as: string = PEOPLE.uploaderEdu) =>
  w.call('PUT', `/api/annual-reports/${agency}/${year}`, { as, body });

/** The file a submission put at the document's upload key, taken through the flow up to publication. */
async function publishSubmitted(w: World, documentId: string) {
  const doc = await w.doc(documentId);
  const { bytes } = await w.deps.files.readOriginal(doc.objectKey);
  const event: ObjectCreatedEvent = {
    'detail-type': 'Object Created',
    source: 'aws.s3',
    time: w.clock.now().toISOString(),
    detail: { bucket: { name: 'intake' }, object: { key: doc.objectKey, size: bytes.byteLength } },
  };
  expect((await intake(w.deps, { event, executionId: `exec-${documentId}` })).next).toBe('review');
  expect((await reviewDocument(w.deps, documentId)).decision).toBe('clear');
  const signoff = await w.open(documentId, 'signoff');
  await w.decide(signoff.taskId, 'approve');
  expect((await routeDocument(w.deps, documentId)).next).toBe('publish');
  return publishDocument(w.deps, documentId);
}

describe('/api/annual-reports/:agency/:year', () => {
  it('a report nobody wrote: the template empty, due 31 January, not started', async () => {
    const w = createWorld();
    const res = await w.call('GET', '/api/annual-reports/edu/2025', { as: PEOPLE.leader });
    expect(res.status).toBe(200);
    const report = AnnualReportSchema.parse(res.body);
    expect(report).toMatchObject({
      agency: 'edu',
      name: '区教育局',
      year: 2025,
      due: '2026-01-31',
      status: 'not-started',
    });
    expect(report.requests.newReceived).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(report.checks.find((c) => c.message.startsWith('一、总体情况'))).toEqual({
      ok: false,
      message: '一、总体情况尚未撰写',
    });
    // The deadline passed ten months ago.
    expect(report.checks.at(-1)).toEqual({ ok: false, message: '报送期限 2026-01-31（条例第四十九条）' });
  });

  it('PUT keeps what was entered; 400 invalid_report names the row, the column and both sides', async () => {
    const w = createWorld();
    const ok = await put(w, 'edu', 2025, {
      requests: consistentRequests(),
      appeals: CONSISTENT_APPEALS,
      sections: SECTIONS,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('draft');
    expect(
      ok.body.checks.every((c: { ok: boolean; message: string }) => c.ok || c.message.startsWith('报送期限')),
    ).toBe(true);

    const broken = consistentRequests();
    broken.carriedForward = [2, 1, 0, 0, 0, 0, 3];
    const res = await put(w, 'edu', 2025, { requests: { carriedForward: broken.carriedForward } });
    expect(res.status).toBe(400);
    const { error } = InvalidReportSchema.parse(res.body);
    expect(error.details).toEqual([
      expect.objectContaining({
        row: 'carriedForward',
        column: 'natural',
        left: { expression: 'newReceived + carriedOver', value: 11 },
        right: { expression: 'resultsTotal + carriedForward', value: 10 },
      }),
      expect.objectContaining({ row: 'carriedForward', column: 'total', left: expect.objectContaining({ value: 14 }) }),
    ]);
    expect(error.message).toContain('column natural (自然人)');
    // Nothing of the refused update was kept.
    const kept = await w.call('GET', '/api/annual-reports/edu/2025', { as: PEOPLE.uploaderEdu });
    expect(kept.body.requests.carriedForward).toEqual([3, 1, 0, 0, 0, 0, 4]);
  });

  it('a malformed body is 400 invalid_input naming the field', async () => {
    const w = createWorld();
    const res = await put(w, 'edu', 2025, { requests: { newReceived: [1, 2, 3] } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('body.requests.newReceived'),
    });
  });

  it('table 二 is computed from the documents: type, 废止 (an action) and the catalogue state', async () => {
    const w = createWorld();
    const normative = await w.published({
      title: '关于规范校外培训机构的若干规定',
      documentType: 'normative',
      formedAt: '2025-03-02',
    });
    const decision = await w.published({ title: '行政处罚决定书', documentType: 'punishment', formedAt: '2025-05-06' });
    expect(decision.documentType).toBe('punishment');
    const abolish = await w.call('POST', `/api/documents/${normative.id}/abolish`, {
      as: PEOPLE.leader,
      body: { on: '2026-02-01', document: '台教发〔2026〕3号 关于废止部分规范性文件的决定' },
    });
    expect(abolish.status, JSON.stringify(abolish.body)).toBe(201);
    expect(abolish.body.abolition).toMatchObject({ on: '2026-02-01', by: PEOPLE.leader });
    const again = await w.call('POST', `/api/documents/${normative.id}/abolish`, {
      as: PEOPLE.leader,
      body: { on: '2026-02-02', document: '台教发〔2026〕4号' },
    });
    expect(again.status).toBe(409);
    const notNormative = await w.call('POST', `/api/documents/${decision.id}/abolish`, {
      as: PEOPLE.leader,
      body: { on: '2026-02-02', document: '台教发〔2026〕4号' },
    });
    expect(notNormative.status).toBe(400);

    const y2025 = (await w.call('GET', '/api/annual-reports/edu/2025', { as: PEOPLE.uploaderEdu })).body;
    expect(y2025.proactive.normative).toEqual({
      issued: { value: 1, source: 'computed' },
      abolished: { value: 0, source: 'computed' },
      inForce: { value: 1, source: 'computed' },
      lapsed: 0,
    });
    expect(y2025.proactive.punishment).toEqual({ value: 1, source: 'computed' });
    const y2026 = (await w.call('GET', '/api/annual-reports/edu/2026', { as: PEOPLE.uploaderEdu })).body;
    expect(y2026.proactive.normative).toMatchObject({
      issued: { value: 0 },
      abolished: { value: 1 },
      inForce: { value: 0 },
    });

    // An entered count, with its source, in place of the computed one.
    const entered = await put(w, 'edu', 2025, {
      decisionCounts: { punishment: { count: 37, source: '区综合执法平台' } },
    });
    expect(entered.body.proactive.punishment).toEqual({ value: 37, source: 'entered', note: '区综合执法平台' });

    const catalog = await w.call('GET', `/api/catalog?year=${normative.publishedAt?.slice(0, 4)}`);
    const entry = (Array.isArray(catalog.body) ? catalog.body : catalog.body.entries).find(
      (e: { documentId: string }) => e.documentId === normative.id,
    );
    expect(entry).toMatchObject({ documentType: 'normative', abolishedOn: '2026-02-01' });
  });

  it('the district report adds up the agencies and has only its own text', async () => {
    const w = createWorld();
    await put(w, 'edu', 2025, { requests: consistentRequests(), appeals: CONSISTENT_APPEALS });
    await put(w, 'health', 2025, { requests: consistentRequests() }, PEOPLE.uploaderOther);
    const district = await w.call('GET', '/api/annual-reports/district/2025', { as: PEOPLE.oversight });
    expect(district.status).toBe(200);
    expect(district.body).toMatchObject({ agency: 'district', name: '区人民政府', due: '2026-03-31' });
    expect(district.body.requests.newReceived).toEqual([20, 4, 0, 2, 0, 0, 26]);
    expect(district.body.appeals[4]).toBe(2);
    expect((await put(w, 'district', 2025, { sections: SECTIONS }, PEOPLE.oversight)).status).toBe(200);
    const refused = await put(w, 'district', 2025, { requests: consistentRequests() }, PEOPLE.admin);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('only its sections');
  });

  it('CSV and DOCX exports: the CSV reads back into the same report, the DOCX holds every table and label', async () => {
    const w = createWorld();
    await put(w, 'edu', 2025, {
      requests: consistentRequests(),
      appeals: CONSISTENT_APPEALS,
      fees: { charges: 0.5, processing: 0 },
      sections: SECTIONS,
    });
    const csv = await w.app.request('/api/annual-reports/edu/2025/report.csv', {
      headers: { 'x-test-user': PEOPLE.uploaderEdu },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const update = parseReportCsv(await csv.text());
    expect(update.requests?.carriedForward).toEqual([3, 1, 0, 0, 0, 0, 4]);
    expect(update.appeals).toEqual(CONSISTENT_APPEALS);
    expect((await put(w, 'edu', 2025, update)).status).toBe(200);

    const docx = await w.app.request('/api/annual-reports/edu/2025/report.docx', {
      headers: { 'x-test-user': PEOPLE.leader },
    });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toContain('filename*=UTF-8');
    const text = await extractText(new Uint8Array(await docx.arrayBuffer()), {
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(text.ok).toBe(true);
    const all = text.ok ? text.text : '';
    for (const label of [
      '区教育局2025年政府信息公开工作年度报告',
      '一、总体情况',
      '二、主动公开政府信息情况',
      '第二十条第（一）项',
      '本年制发件数',
      '现行有效件数',
      '行政规范性文件',
      '行政事业性收费',
      '三、收到和处理政府信息公开申请情况',
      '社会公益组织',
      '三安全一稳定',
      '补正后申请内容仍不明确',
      '要求行政机关确认或重新出具已获取信息',
      '申请人逾期未按收费通知要求缴纳费用',
      '结转下年度继续办理',
      '四、政府信息公开行政复议、行政诉讼情况',
      '复议后起诉',
      '尚未审结',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
      SECTIONS.overview,
    ]) {
      expect(all, label).toContain(label);
    }
  });

  it('submit: the report is registered as a proactive document due 31 January and published through the pipeline', async () => {
    const w = createWorld();
    const early = await w.call('POST', '/api/annual-reports/edu/2026/submit', { as: PEOPLE.uploaderEdu });
    expect(early.status).toBe(409);
    const empty = await w.call('POST', '/api/annual-reports/edu/2025/submit', { as: PEOPLE.leader });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_report');
    await put(w, 'edu', 2025, { requests: consistentRequests(), appeals: CONSISTENT_APPEALS, sections: SECTIONS });

    const submitted = await w.call('POST', '/api/annual-reports/edu/2025/submit', { as: PEOPLE.leader });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const { documentId } = submitted.body;
    expect(await w.doc(documentId)).toMatchObject({
      agency: 'edu',
      title: '区教育局2025年政府信息公开工作年度报告',
      category: '10',
      disclosure: 'proactive',
      status: 'DRAFT',
      dueAt: '2026-01-31',
      uploadedBy: PEOPLE.leader,
    });
    expect((await w.call('GET', '/api/annual-reports/edu/2025', { as: PEOPLE.leader })).body).toMatchObject({
      status: 'submitted',
      documentId,
    });
    expect((await put(w, 'edu', 2025, { sections: SECTIONS })).status).toBe(409);
    expect((await w.call('POST', '/api/annual-reports/edu/2025/submit', { as: PEOPLE.uploaderEdu })).status).toBe(201);

    const { indexNumber } = await publishSubmitted(w, documentId);
    expect(indexNumber).toMatch(/^0201-10-2026-\d{6}$/);
    const report = (await w.call('GET', '/api/annual-reports/edu/2025', { as: PEOPLE.uploaderEdu })).body;
    expect(report).toMatchObject({ status: 'published', documentId, indexNumber });
    expect((await w.call('POST', '/api/annual-reports/edu/2025/submit', { as: PEOPLE.uploaderEdu })).status).toBe(409);
    const catalog = await w.call('GET', '/api/catalog?year=2026&category=10');
    const entries = Array.isArray(catalog.body) ? catalog.body : catalog.body.entries;
    expect(entries.map((e: { title: string }) => e.title)).toContain('区教育局2025年政府信息公开工作年度报告');

    const list = await w.call('GET', '/api/annual-reports?year=2025', { as: PEOPLE.oversight });
    const rows = ReportStatusListSchema.parse(list.body);
    expect(rows.find((r) => r.agency === 'edu')).toMatchObject({
      status: 'published',
      timeliness: 'late',
      indexNumber,
    });
    expect(rows.find((r) => r.agency === 'health')).toMatchObject({ status: 'not-started', timeliness: 'overdue' });
    expect(rows.find((r) => r.agency === 'district')).toMatchObject({ due: '2026-03-31' });
    expect(rows.map((r) => r.agency)).not.toContain('land');
  });

  it('the district report is submitted as the disclosure office’s document, due 31 March', async () => {
    const w = createWorld();
    await put(w, 'district', 2025, { sections: SECTIONS }, PEOPLE.oversight);
    const res = await w.call('POST', '/api/annual-reports/district/2025/submit', { as: PEOPLE.oversight });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await w.doc(res.body.documentId)).toMatchObject({
      agency: 'gov-office',
      department: 'disclosure',
      title: '区人民政府2025年政府信息公开工作年度报告',
      dueAt: '2026-03-31',
    });
  });
});
