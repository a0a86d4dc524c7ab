import type { DocumentRecord } from '../../../shared/model/document';
import type { DocumentType } from '../../../shared/model/lifecycle';
import { emptyRequests, type RequestTable } from '../../../shared/report/model';

/** A document of the annual report's fixtures: only what table 二 reads, the rest as a registration has it. */
export function doc(
  id: string,
  type: DocumentType,
  formedAt: string,
  more: Partial<DocumentRecord> = {},
): DocumentRecord {
  return {
    id,
    title: id,
    agency: 'edu',
    department: 'office',
    category: '02',
    formedAt,
    disclosure: 'proactive',
    origin: 'made',
    filename: `${id}.txt`,
    contentType: 'text/plain',
    documentType: type,
    status: 'PUBLISHED',
    uploadedBy: 'zhang.wei',
    createdAt: `${formedAt}T02:00:00.000Z`,
    updatedAt: `${formedAt}T02:00:00.000Z`,
    objectKey: `uploads/${id}`,
    ...more,
  };
}

const abolished = (on: string) => ({
  abolition: { on, document: '台政发〔2025〕1号', by: 'zhang.wei', at: `${on}T02:00:00.000Z` },
});

/**
 * 区教育局's documents, by hand (the counts each test expects are worked out in its comments):
 * normative documents issued and abolished across the 2024/2025 and 2025/2026 boundaries, two
 * that lapse, one cancelled, one obtained, one of another agency, and decisions either side of
 * New Year.
 */
export const EDU_DOCUMENTS: DocumentRecord[] = [
  doc('reg-2023', 'regulation', '2023-07-01'),
  // Issued 2024, abolished 2025-03-01: in force at the end of 2024, abolished in 2025.
  doc('norm-abolished-2025', 'normative', '2024-05-10', abolished('2025-03-01')),
  // Issued 2024, valid until 2025-06-30: lapses in 2025 (not 废止).
  doc('norm-lapses-2025', 'normative', '2024-02-01', { validUntil: '2025-06-30' }),
  // Issued 2025, valid until 2025-12-31: in force at the end of 2025, lapses on 2026-01-01.
  doc('norm-lapses-2026', 'normative', '2025-01-10', { validUntil: '2025-12-31' }),
  // Issued 2025, abolished 2026-01-15: in force at the end of 2025, abolished in 2026.
  doc('norm-abolished-2026', 'normative', '2025-04-01', abolished('2026-01-15')),
  // Issued late in 2025, still awaiting its sign-off: issued all the same.
  doc('norm-late-2025', 'normative', '2025-12-20', { status: 'AWAITING_SIGNOFF' }),
  // Not counted: cancelled, obtained from someone else, another agency's.
  doc('norm-cancelled', 'normative', '2025-08-01', { status: 'CANCELLED' }),
  doc('norm-obtained', 'normative', '2025-09-01', { origin: 'obtained' }),
  doc('norm-health', 'normative', '2025-10-01', { agency: 'health' }),
  // Decisions: 2 行政处罚 in 2025 (one on 2024-12-31 is 2024's), 2 行政许可 (one rejected at sign-off).
  doc('pun-2024', 'punishment', '2024-12-31'),
  doc('pun-2025a', 'punishment', '2025-02-01'),
  doc('pun-2025b', 'punishment', '2025-11-11', { status: 'RECORDED', disclosure: 'on-request' }),
  doc('lic-2025a', 'licensing', '2025-03-03'),
  doc('lic-2025b', 'licensing', '2025-06-06'),
  doc('lic-rejected', 'licensing', '2025-07-07', { status: 'REJECTED' }),
  doc('other-2025', 'other', '2025-05-05'),
];

/**
 * A table 三 that satisfies every identity, by hand: 13 new + 1 carried over = 10 handled + 4
 * carried forward (总计 column); natural persons 10 + 1 = 8 + 3.
 */
export function consistentRequests(): Record<string, number[]> {
  const t = { ...(emptyRequests() as unknown as Record<string, number[]>) };
  t.newReceived = [10, 2, 0, 1, 0, 0, 13];
  t.carriedOver = [1, 0, 0, 0, 0, 0, 1];
  t.disclosed = [5, 1, 0, 1, 0, 0, 7];
  t.partlyDisclosed = [1, 0, 0, 0, 0, 0, 1];
  t['notDisclosed.thirdParty'] = [1, 0, 0, 0, 0, 0, 1];
  t['unavailable.notHeld'] = [1, 0, 0, 0, 0, 0, 1];
  t.resultsTotal = [8, 1, 0, 1, 0, 0, 10];
  t.carriedForward = [3, 1, 0, 0, 0, 0, 4];
  return t;
}

export const asTable = (t: Record<string, number[]>) => t as unknown as RequestTable;

/** 行政复议 2 (1 maintained, 1 pending), 直接起诉 0, 复议后起诉 1 (corrected). */
export const CONSISTENT_APPEALS = [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1];
