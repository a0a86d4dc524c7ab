import type { CatalogEntry, CatalogKey } from '../../../shared/model/catalog';
import { type DocumentRecord, TERMINAL_STATUSES } from '../../../shared/model/document';
import { listOrder } from '../../../shared/model/paging';

/** Key layout of the single table (shared/storage-keys.ts names its indexes). */
export const keys = {
  document: (id: string) => ({ pk: `DOC#${id}`, sk: 'DOC' }),
  /** Events of a document sort by their sequence (the version they were committed with), zero-padded. */
  event: (id: string, seq: number) => ({ pk: `DOC#${id}`, sk: eventSortKey(seq) }),
  task: (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' }),
  agency: (id: string) => ({ pk: 'DIRECTORY', sk: `AGENCY#${id}` }),
  department: (agency: string, id: string) => ({ pk: 'DIRECTORY', sk: `DEPT#${agency}#${id}` }),
  user: (user: string) => ({ pk: 'DIRECTORY', sk: `USER#${user}` }),
  /** What must stay unique (an agency code, a user's e-mail or subject), held by its owner. */
  claim: (kind: string, value: string) => ({ pk: 'DIRECTORY', sk: `CLAIM#${kind}#${value}` }),
  /** The directory change log: one partition, by time. */
  directoryLog: (id: string) => ({ pk: 'DIRLOG', sk: id }),
  directoryImport: (id: string) => ({ pk: 'DIRIMPORT', sk: id }),
  sequence: (agencyCode: string, year: number) => ({ pk: `SEQ#${agencyCode}#${year}`, sk: 'SEQ' }),
  scoreCounters: (year: number, agency: string) => ({ pk: `SCORE#${year}`, sk: `AGENCY#${agency}` }),
  /** A document counted in an agency-year but not settled: an item of its own, beside the counters. */
  openDue: (year: number, agency: string, documentId: string) => ({
    pk: `SCORE#${year}`,
    sk: `OPEN#${agency}#${documentId}`,
  }),
  scoreYear: (year: number) => ({ pk: 'SCORE_YEARS', sk: String(year) }),
  evidence: (year: number, agency: string, documentId: string) => ({
    pk: `EVIDENCE#${year}#${agency}`,
    sk: documentId,
  }),
  catalog: (key: CatalogKey) => ({ pk: `CATALOG#${key.year}`, sk: `${key.publishedAt}#${key.documentId}` }),
  /** An annual report: one partition per year, one item per agency (or `district`). */
  annualReport: (year: number, agency: string) => ({ pk: `REPORT#${year}`, sk: `AGENCY#${agency}` }),
  /** Bulk intake: a batch, and its rows (keyed by their file) in the same partition. */
  batch: (id: string) => ({ pk: `BATCH#${id}`, sk: 'BATCH' }),
  batchEntry: (batchId: string, key: string) => ({ pk: `BATCH#${batchId}`, sk: `ENTRY#${key}` }),
  /** A year's holiday arrangement, as ops imported it (gongkai calendar import). */
  calendarYear: (year: number) => ({ pk: 'CALENDAR', sk: String(year) }),
  /** READ-5(6): the random salt of a day's visit markers. */
  querySalt: (day: string) => ({ pk: 'QUERYSALT', sk: day }),
  /** READ-5(6): a visit of an entry on a day was counted (the visitor as a salted hash). */
  queryMarker: (day: string, documentId: string, visitor: string) => ({
    pk: `QUERYSEEN#${day}#${documentId}`,
    sk: visitor,
  }),
};

/** `EVT#` and the sequence in ten digits: string order is commit order. */
export function eventSortKey(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= 1e10) throw new RangeError(`event sequence ${seq} out of range`);
  return `EVT#${String(seq).padStart(10, '0')}`;
}

export const partitions = {
  documentEvents: (id: string) => `DOC#${id}`,
  scoreYear: (year: number) => `SCORE#${year}`,
  scoreYears: 'SCORE_YEARS',
  evidence: (year: number, agency: string) => `EVIDENCE#${year}#${agency}`,
  catalog: (year: number) => `CATALOG#${year}`,
  querySalts: 'QUERYSALT',
  calendarYears: 'CALENDAR',
  annualReports: (year: number) => `REPORT#${year}`,
  directory: 'DIRECTORY',
  directoryLog: 'DIRLOG',
  directoryImports: 'DIRIMPORT',
  /** On the inFlight index: documents not in a terminal status. */
  inFlight: 'INFLIGHT',
  /** On the byAssignee index: an assignee's open tasks. */
  openTasks: (assignee: string) => `OPEN#${assignee}`,
  /** On the byAgency index: an agency's batches, newest first. */
  agencyBatches: (agency: string) => `BATCHES#${agency}`,
  /** On the byAgency index. */
  agencyDocuments: (agency: string) => `AGENCY#${agency}`,
  /** On the pipelineByDue index: an agency's documents in flight past DRAFT. */
  agencyPipeline: (agency: string) => `PIPELINE#${agency}`,
  /** On the byAgency index: a catalogue year's entries of one agency. */
  catalogOfAgency: (year: number, agency: string) => `CATALOG#${year}#AGENCY#${agency}`,
  /** On the catalogByCategory index. */
  catalogOfCategory: (year: number, category: string) => `CATALOG#${year}#CATEGORY#${category}`,
  /** On the catalogByAgencyCategory index. */
  catalogOfAgencyCategory: (year: number, agency: string, category: string) =>
    `CATALOG#${year}#AGENCY#${agency}#CATEGORY#${category}`,
};

/**
 * The index attributes of a catalogue entry: its year's entries of its agency (byAgency), of its
 * category (catalogByCategory) and of both (catalogByAgencyCategory), each newest first by the same
 * sort key as the year's own partition, so a filtered read is a key condition, never a filter.
 */
export function catalogIndexes(key: CatalogKey, entry: Pick<CatalogEntry, 'agency' | 'category'>) {
  return {
    gsi2pk: partitions.catalogOfAgency(key.year, entry.agency),
    gsi2sk: keys.catalog(key).sk,
    gsi3pk: partitions.catalogOfCategory(key.year, entry.category),
    gsi4pk: partitions.catalogOfAgencyCategory(key.year, entry.agency, entry.category),
  };
}

/** The sort keys of the list indexes: the orders the lists run in (shared/model/paging.ts). */
export const { task: taskListSortKey, document: agencySortKey, pipeline: pipelineSortKey } = listOrder;

/**
 * The index attributes of a document item: in flight (inFlight), per agency (byAgency) and, past
 * DRAFT and not finished, in its agency's pipeline (pipelineByDue). The in-flight entry holds the
 * keys only and sorts by id, so no step but the first and the last writes it.
 */
export function documentIndexes(doc: DocumentRecord): Record<string, string> {
  const inFlight = !TERMINAL_STATUSES.has(doc.status);
  return {
    ...(inFlight ? { gsi6pk: partitions.inFlight, gsi6sk: doc.id } : {}),
    gsi2pk: partitions.agencyDocuments(doc.agency),
    gsi2sk: agencySortKey(doc),
    ...(inFlight && doc.status !== 'DRAFT'
      ? { gsi5pk: partitions.agencyPipeline(doc.agency), gsi5sk: pipelineSortKey(doc) }
      : {}),
  };
}
