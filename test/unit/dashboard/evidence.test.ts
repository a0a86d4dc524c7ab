import { describe, expect, it } from 'vitest';
import { evidenceText } from '../../../dashboard/src/features/scores/data/evidence-text';
import { en } from '../../../dashboard/src/i18n/en';
import { createFormatters } from '../../../dashboard/src/i18n/format';
import { zh } from '../../../dashboard/src/i18n/zh';
import { type EvidenceDetail, EvidenceEntrySchema } from '../../../shared/api/responses';
import { EVIDENCE_REASONS, type EvidenceReason } from '../../../shared/model/scores';

/** The facts the API sends with each code (shared/scores/service.ts). */
const DETAIL: Record<EvidenceReason, EvidenceDetail> = {
  late: { dueAt: '2026-04-03', publishedAt: '2026-04-08', lateByWorkingDays: 3 },
  unpublished: { dueAt: '2026-04-03', lateByWorkingDays: 12 },
  'no-package': { dueAt: '2026-04-03' },
  'missing-interpretation': { dueAt: '2026-04-03' },
  'late-interpretation': { dueAt: '2026-04-03', linkedAt: '2026-04-10' },
  'missing-legal-reason': {},
  'missing-approval': {},
  'missing-catalogue-fields': {},
  corrected: { correctedAt: '2026-05-06' },
  withdrawn: { withdrawnAt: '2026-05-07' },
  'hash-mismatch': {},
  'wrong-publisher': {},
};

const entry = (code: EvidenceReason) =>
  EvidenceEntrySchema.parse({ documentId: 'd1', title: '通知', score: 'completeness', code, detail: DETAIL[code] });

describe('evidence worded by the dashboard', () => {
  it.each(EVIDENCE_REASONS.map((code) => [code]))('says %s in Chinese, without field names', (code) => {
    const text = evidenceText(zh, createFormatters('zh-CN'), entry(code));
    expect(text.trim()).not.toBe('');
    // Rule ids (INTERP-3) are upper case; any lower-case Latin would be English or a raw key.
    expect(text).not.toMatch(/[a-z]/);
  });

  it.each(EVIDENCE_REASONS.map((code) => [code]))('says %s in English', (code) => {
    const text = evidenceText(en, createFormatters('en'), entry(code));
    expect(text).not.toMatch(/\p{Script=Han}|dueAt|lateByWorkingDays/u);
  });

  it('words a line with its facts', () => {
    const fmt = createFormatters('zh-CN');
    expect(evidenceText(zh, fmt, entry('no-package'))).toBe('逾期未公开，无公开要素（期限 2026年4月3日）');
    expect(evidenceText(zh, fmt, entry('late'))).toBe('逾期 3 个工作日公开（期限 2026年4月3日，公开于 2026年4月8日）');
  });

  it('reads only a code it knows, and no English reason', () => {
    const parsed = EvidenceEntrySchema.parse({
      documentId: 'd1',
      title: '通知',
      score: 'timeliness',
      code: 'late',
      reason: 'published 3 working days late',
      detail: DETAIL.late,
    });
    expect(parsed).not.toHaveProperty('reason');
    expect(EvidenceEntrySchema.safeParse({ ...parsed, code: 'mystery' }).success).toBe(false);
  });
});
