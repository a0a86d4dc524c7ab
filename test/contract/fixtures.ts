/** Records for the port contract: fresh ids every time, so tests sharing a store never meet. */

import { randomUUID } from 'node:crypto';
import type { CatalogEntry, CatalogKey } from '../../shared/model/catalog';
import type { AuditEvent, DocumentRecord, Status } from '../../shared/model/document';
import { uploadKey } from '../../shared/model/object-keys';
import { type CounterChange, type EvidenceItem, NO_SCORE_CHANGE, type OpenDue } from '../../shared/model/scores';
import type { HumanTask } from '../../shared/model/task';
import { chainEvent } from '../../shared/pipeline/audit-chain';
import type { PipelineDeps } from '../../shared/pipeline/deps';
import type { DocumentCommit, SequenceClaim, TaskClosure } from '../../shared/ports';

export const short = () => randomUUID().slice(0, 8);

/** An agency of its own: lists by agency (documents, catalogue, counters) see only this test's items. */
export const newAgency = () => `agency-${short()}`;

let nextYear = 2101 + Math.floor(Math.random() * 100) * 10;
/** A year no other test of the run uses (replaceScores replaces a whole year). */
export const uniqueYear = () => nextYear++;

/** An agency code of its own, for index-number sequences (the store does not check its form). */
export const newAgencyCode = () => `code-${short()}`;

export function documentRecord(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  const id = overrides.id ?? randomUUID();
  const createdAt = overrides.createdAt ?? '2026-11-21T02:00:00.000Z';
  return {
    id,
    version: 1,
    status: 'RECEIVED',
    title: '关于做好2026年冬季供暖保障工作的通知',
    agency: newAgency(),
    department: 'office',
    category: '02',
    documentNumber: '台教发〔2026〕31号',
    formedAt: '2026-11-20',
    disclosure: 'proactive',
    origin: 'made',
    filename: 'notice.txt',
    contentType: 'text/plain',
    uploadedBy: 'zhang.wei',
    createdAt,
    updatedAt: createdAt,
    objectKey: uploadKey(id),
    ...overrides,
  };
}

/** The event a commit of `doc` writes: sequence = its version (the store keeps them in that order). */
export function auditEvent(doc: DocumentRecord, at: string, from: Status | null = null): AuditEvent {
  const entry = {
    documentId: doc.id,
    at,
    actor: 'zhang.wei',
    from,
    to: doc.status,
    note: { code: 'received' },
  } as const;
  return chainEvent(undefined, entry, doc.version ?? 1);
}

/** The document's next version, as the domain would write it. */
export function nextVersion(doc: DocumentRecord, patch: Partial<DocumentRecord> = {}): DocumentRecord {
  return { ...doc, ...patch, version: (doc.version ?? 0) + 1 };
}

/** A commit creating `doc` (version 1) with its registration event. */
export function creation(doc: DocumentRecord, extra: Partial<DocumentCommit> = {}): DocumentCommit {
  return {
    document: doc,
    expectedVersion: null,
    event: auditEvent(doc, doc.createdAt),
    scores: NO_SCORE_CHANGE,
    ...extra,
  };
}

export function create(deps: PipelineDeps, doc: DocumentRecord, extra: Partial<DocumentCommit> = {}) {
  return deps.documents.commit(creation(doc, extra));
}

export function humanTask(documentId: string, overrides: Partial<HumanTask> = {}): HumanTask {
  return {
    id: randomUUID(),
    documentId,
    kind: 'signoff',
    assignee: `leader-${short()}`,
    status: 'open',
    createdAt: '2026-11-21T02:00:00.000Z',
    dueAt: '2026-11-28T02:00:00.000Z',
    taskToken: `token-${short()}`,
    ...overrides,
  };
}

export function closure(task: { id: string }, overrides: Partial<TaskClosure> = {}): TaskClosure {
  return {
    id: task.id,
    status: 'closed',
    decidedAt: '2026-11-22T02:00:00.000Z',
    decidedBy: 'li.na',
    decision: 'approve',
    ...overrides,
  };
}

export function catalogItem(
  doc: DocumentRecord,
  year: number,
  publishedAt = `${year}-03-10T02:00:00.000Z`,
  overrides: Partial<CatalogEntry> = {},
): { key: CatalogKey; entry: CatalogEntry } {
  return {
    key: { year, publishedAt, documentId: doc.id },
    entry: {
      indexNumber: `0201-02-${year}-000001`,
      documentId: doc.id,
      title: doc.title,
      agency: doc.agency,
      agencyName: '区教育局',
      category: doc.category,
      documentNumber: '台教发〔2026〕31号',
      formedAt: doc.formedAt,
      publishedAt,
      publicKey: `public/${doc.id}/notice.txt`,
      status: 'PUBLISHED',
      ...overrides,
    },
  };
}

export function openDue(documentId: string, year: number, overrides: Partial<OpenDue> = {}): OpenDue {
  return { documentId, dueAt: `${year}-03-30`, inTimeliness: true, ...overrides };
}

export function counterChange(agency: string, year: number, overrides: Partial<CounterChange> = {}): CounterChange {
  return { agency, year, add: {}, entersYear: false, ...overrides };
}

export function evidenceItem(
  documentId: string,
  agency: string,
  year: number,
  overrides: Partial<EvidenceItem> = {},
): EvidenceItem {
  return {
    documentId,
    agency,
    year,
    title: '关于做好冬季供暖保障工作的通知',
    dueAt: `${year}-03-30`,
    reasons: ['unpublished', 'no-package'],
    ...overrides,
  };
}

export function sequenceClaim(agencyCode: string, year: number, expected: number): SequenceClaim {
  return { agencyCode, year, expected, next: expected + 1 };
}
