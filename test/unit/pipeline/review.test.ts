import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../shared/model/document';
import { NotFoundError } from '../../../shared/model/errors';
import { excerptKey } from '../../../shared/model/object-keys';
import { contentKeyOf } from '../../../shared/pipeline/content';
import type { PipelineDeps } from '../../../shared/pipeline/deps';
import { SYSTEM_ACTOR } from '../../../shared/pipeline/deps';
import { reviewDocument } from '../../../shared/pipeline/review';
import { requestRedactionUpload } from '../../../shared/pipeline/tasks/decide';
import {
  advance,
  CLEAN,
  decide,
  docOf,
  ID_NUMBER,
  lastEvent,
  MOBILE,
  open,
  PERSONAL,
  path,
  sha256,
  submit,
  user,
  world,
} from './drive';

/** The reviewers' excerpt: an object beside the pinned content, named on the document by its key only. */
async function excerptOf(deps: PipelineDeps, doc: DocumentRecord): Promise<string | undefined> {
  expect(doc).not.toHaveProperty('textExcerpt');
  if (!doc.excerptKey) return undefined;
  expect(doc.excerptKey).toBe(excerptKey(doc.id, doc.sha256 ?? ''));
  return new TextDecoder().decode((await deps.files.readOriginal(doc.excerptKey)).bytes);
}

describe('FIVE-4 EXPAND-4 the automated confidentiality review', () => {
  it('FIVE-4 a clean document is CLEARED by the pipeline, with no findings', async () => {
    const deps = world();
    const { id } = await submit(deps, CLEAN);
    expect(await reviewDocument(deps, id)).toEqual({ decision: 'clear', findings: 0 });
    const doc = await docOf(deps, id);
    expect(doc).toMatchObject({ status: 'CLEARED', findings: [], sha256: sha256(CLEAN) });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'RECEIVED',
      to: 'CLEARED',
      actor: SYSTEM_ACTOR,
      rules: ['FIVE-4'],
      note: { code: 'scan-clear' },
    });
  });

  it('EXPAND-4 personal data stays RECEIVED with its findings and the text for the pre-review group', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    expect(await reviewDocument(deps, id)).toEqual({ decision: 'needs-review', findings: 2 });
    const doc = await docOf(deps, id);
    expect(doc.status).toBe('RECEIVED');
    expect(await excerptOf(deps, doc)).toBe(PERSONAL);
    expect(doc.findings?.map((f) => [f.kind, f.text, f.rule]).sort()).toEqual([
      ['id-number', ID_NUMBER, 'FIVE-4'],
      ['mobile', MOBILE, 'FIVE-4'],
    ]);
    for (const f of doc.findings ?? []) expect(PERSONAL.slice(f.start, f.end)).toBe(f.text);
    // No status change: the review task's opening is the next transition.
    expect(path(await deps.documents.history(id))).toEqual(['null→DRAFT', 'DRAFT→RECEIVED']);
  });

  it('REVIEW-2 the flagged document goes to the pre-review group as a review task', async () => {
    const deps = world();
    const { id } = await submit(deps, PERSONAL);
    await reviewDocument(deps, id);
    const { tasks } = await open(deps, id, 'review');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'review', assignee: 'group:reviewer', status: 'open', documentId: id });
    expect(await docOf(deps, id)).toMatchObject({ status: 'IN_REVIEW', openTaskId: tasks[0]?.id });
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'RECEIVED',
      to: 'IN_REVIEW',
      rules: ['FIVE-4', 'REVIEW-2'],
      note: { code: 'task-opened', kind: 'review', assignees: ['group:reviewer'], escalated: false },
    });
  });

  it('REVIEW-2 an unreadable file is never "clear": one unreadable finding for a person to read', async () => {
    const deps = world();
    const scanned = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0x13, 0x37]);
    const { id } = await submit(deps, scanned, { filename: 'scan.pdf', contentType: 'application/pdf' });
    expect(await reviewDocument(deps, id)).toEqual({ decision: 'needs-review', findings: 1 });
    const doc = await docOf(deps, id);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings?.[0]).toMatchObject({ kind: 'unreadable', rule: 'REVIEW-2', start: 0, end: 0 });
    expect(await excerptOf(deps, doc)).toBeUndefined();
  });

  it('keeps the first 20,000 characters of the text for the reviewers', async () => {
    const deps = world();
    const long = `联系电话${MOBILE}。${'各学校请做好工作。'.repeat(3000)}`;
    const { id } = await submit(deps, long);
    await reviewDocument(deps, id);
    const doc = await docOf(deps, id);
    const excerpt = await excerptOf(deps, doc);
    expect(excerpt).toHaveLength(20_000);
    expect(excerpt).toBe(long.slice(0, 20_000));
    // The document item stays small however long the text: the excerpt is not on it.
    expect(JSON.stringify(doc).length).toBeLessThan(2_000);
  });

  it('a retried review after the document moved on reports what was decided, and writes nothing', async () => {
    const deps = world();
    const clean = await submit(deps, CLEAN);
    await advance(deps, clean.id); // CLEARED → AWAITING_SIGNOFF
    const flagged = await submit(deps, PERSONAL);
    await advance(deps, flagged.id); // IN_REVIEW
    const before = [await docOf(deps, clean.id), await docOf(deps, flagged.id)];
    expect(await reviewDocument(deps, clean.id)).toEqual({ decision: 'clear', findings: 0 });
    expect(await reviewDocument(deps, flagged.id)).toEqual({ decision: 'needs-review', findings: 2 });
    expect([await docOf(deps, clean.id), await docOf(deps, flagged.id)]).toEqual(before);
  });

  it('refuses an unknown document', async () => {
    await expect(reviewDocument(world(), 'no-such-document')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('FIVE-4 a redacted version is scanned again until it is clean', () => {
  async function redacted(
    deps: ReturnType<typeof world>,
    text: string | Uint8Array,
    contentType: 'text/plain' | 'application/pdf' = 'text/plain',
  ) {
    const { id } = await submit(deps, PERSONAL);
    const doc = await advance(deps, id);
    const reviewer = await user(deps, 'wang.fang');
    const taskId = doc.openTaskId ?? '';
    const slot = await requestRedactionUpload(deps, reviewer, taskId, contentType);
    deps.files.putPresigned(slot.uploadUrl, text);
    await decide(deps, taskId, 'redact', { as: 'wang.fang', redactionKey: slot.redactionKey });
    return { id, taskId, key: slot.redactionKey };
  }

  it('FIVE-4 a clean redaction is CLEARED by a rescan, with the hash of the redacted bytes', async () => {
    const deps = world();
    const clean = '申请人张某，身份证号***，联系电话***。经审核，符合救助条件。';
    const { id, key } = await redacted(deps, clean);
    expect(key).toMatch(/^redactions\//);
    const pinned = `pinned/${id}/${sha256(clean)}`;
    const redacting = await docOf(deps, id);
    expect(redacting).toMatchObject({ status: 'IN_REVIEW', redactionPending: true });
    expect(contentKeyOf(redacting)).toBe(pinned);
    expect(await reviewDocument(deps, id)).toEqual({ decision: 'clear', findings: 0 });
    const doc = await docOf(deps, id);
    expect(doc).toMatchObject({ status: 'CLEARED', findings: [], sha256: sha256(clean) });
    expect(contentKeyOf(doc)).toBe(pinned);
    expect(doc.redactionPending).toBeUndefined();
    // What the redaction removed stays on the document, for the side-by-side view.
    expect(doc.findingsBeforeRedaction?.map((f) => [f.kind, f.text])).toEqual([
      ['id-number', ID_NUMBER],
      ['mobile', MOBILE],
    ]);
    expect(await lastEvent(deps, id)).toMatchObject({
      from: 'IN_REVIEW',
      to: 'CLEARED',
      rules: ['FIVE-4'],
      note: { code: 'rescan-clear' },
    });
  });

  it('EXPAND-4 a redaction still holding personal data stays IN_REVIEW with the new findings', async () => {
    const deps = world();
    const still = `申请人张某，身份证号${ID_NUMBER}，联系电话***。`;
    const { id } = await redacted(deps, still);
    expect(await reviewDocument(deps, id)).toEqual({ decision: 'needs-review', findings: 1 });
    const doc = await docOf(deps, id);
    expect(doc).toMatchObject({ status: 'IN_REVIEW', sha256: sha256(still) });
    expect(await excerptOf(deps, doc)).toBe(still);
    expect(doc.redactionPending).toBeUndefined();
    expect(doc.findings?.map((f) => f.kind)).toEqual(['id-number']);
    expect(doc.findingsBeforeRedaction?.map((f) => f.kind)).toEqual(['id-number', 'mobile']);
  });

  it('EXPAND-4 a PDF "redacted" with a box drawn over the number still has it in its text layer: not clean', async () => {
    const deps = world();
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([595, 842]);
    page.drawText(`ID ${ID_NUMBER}`, { x: 50, y: 760, size: 12, font });
    page.drawRectangle({ x: 45, y: 755, width: 200, height: 20, color: rgb(0, 0, 0) });
    const { id } = await redacted(deps, await pdf.save(), 'application/pdf');
    expect(await reviewDocument(deps, id)).toEqual({ decision: 'needs-review', findings: 1 });
    const doc = await docOf(deps, id);
    expect(doc.findings?.map((f) => [f.kind, f.text, f.location])).toEqual([['id-number', ID_NUMBER, 'page 1']]);
    expect(doc.findingsBeforeRedaction?.map((f) => f.kind)).toEqual(['id-number', 'mobile']);
  });
});
