/**
 * The one in-memory state every memory adapter works on: one commit touches documents, events,
 * tasks, sequences, the catalogue and the scores together, as one DynamoDB transaction does.
 *
 * Collections are keyed the way the DynamoDB layout (functions/adapters/dynamo/keys.ts) keys its
 * items wherever a read's order or identity depends on the key; values are stored items (see
 * items.ts), never the caller's objects.
 */

import type { StoredArrangement } from '../../../shared/calendar/arrangement';
import type { CatalogEntry } from '../../../shared/model/catalog';
import type { DirectoryImport, DirectoryLogEntry } from '../../../shared/model/directory';
import type { AuditEvent, DocumentRecord } from '../../../shared/model/document';
import type { CounterName, EvidenceItem, OpenDue } from '../../../shared/model/scores';
import type { HumanTask } from '../../../shared/model/task';
import type { AnnualReportRecord } from '../../../shared/report/model';
import type { Item } from './items';

/** A task item; `listedFor` is set while it is on its assignee's open list (the byAssignee index). */
export interface StoredTask {
  item: HumanTask;
  listedFor?: { readonly assignee: string; readonly sort: string };
}

/** An agency-year's counter item and its open documents (items of their own on DynamoDB, one per document). */
export interface StoredCounters {
  agency: string;
  year: number;
  counts: Partial<Record<CounterName, number>>;
  openDue: Map<string, OpenDue>;
}

export class MemoryState {
  /** Document id → its current version. */
  readonly documents = new Map<string, DocumentRecord>();
  /** Document id → `EVT#<seq, ten digits>` → event (commit order). */
  readonly events = new Map<string, Map<string, AuditEvent>>();
  /** Task id → task. */
  readonly tasks = new Map<string, StoredTask>();
  /** `<agencyCode>#<year>` → the last sequence taken. */
  readonly sequences = new Map<string, number>();
  /** `<year>` → `<publishedAt>#<documentId>` → entry. */
  readonly catalog = new Map<string, Map<string, CatalogEntry>>();
  /** How many catalogue entries reads have handed out (what a Query of them would read). */
  catalogReads = 0;
  /** How many items the paged list reads (tasks, pipeline, an agency's documents) have handed out, and in how many reads. */
  listReads = { items: 0, queries: 0 };
  /** `<year>` → the holiday arrangement ops imported for it. */
  readonly calendarYears = new Map<string, StoredArrangement>();
  /** `<year>` → `AGENCY#<agency>` → counters. */
  readonly counters = new Map<string, Map<string, StoredCounters>>();
  /** `<year>` → year, for every year a document entered. */
  readonly scoreYears = new Map<string, number>();
  /** `<year>#<agency>` → document id → evidence line. */
  readonly evidence = new Map<string, Map<string, EvidenceItem>>();
  /** READ-5(6): day → the salt of its visit markers. */
  readonly querySalts = new Map<string, string>();
  /** READ-5(6): `<day>#<documentId>#<visitor hash>` for every visit counted. */
  readonly queryMarkers = new Set<string>();
  /** Sort key (`AGENCY#…`, `DEPT#…#…`, `USER#…`, `CLAIM#…#…`) → agency, department, user or claim. */
  readonly directory = new Map<string, Item>();
  /** Log entry id → the directory change it records. */
  readonly directoryLog = new Map<string, DirectoryLogEntry>();
  /** Import id → a bulk import's progress. */
  readonly directoryImports = new Map<string, DirectoryImport>();
  /** `<year>` → `AGENCY#<agency>` → annual report. */
  readonly reports = new Map<string, Map<string, AnnualReportRecord>>();
}

/** The map under `key`, created on first use. */
export function partition<K, V>(maps: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let map = maps.get(key);
  if (!map) {
    map = new Map();
    maps.set(key, map);
  }
  return map;
}

export const sequenceKey = (agencyCode: string, year: number) => `${agencyCode}#${year}`;
export const catalogSortKey = (key: { publishedAt: string; documentId: string }) =>
  `${key.publishedAt}#${key.documentId}`;
export const counterSortKey = (agency: string) => `AGENCY#${agency}`;
export const evidenceKey = (year: number, agency: string) => `${year}#${agency}`;
