import { PIPELINE_FIELDS } from './model/paging';

/**
 * The single-table layout, shared by the CDK table definition and the local runtime so that
 * both create the same indexes.
 */
export const TABLE_INDEXES = [
  /** Open tasks per assignee, ordered by due date (in-flight documents were here until data format 7). */
  { name: 'byAssignee', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Documents per agency (and status listings), newest first; a catalogue year's entries per agency. */
  { name: 'byAgency', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** A catalogue year's entries per category, newest first (sorted by the entry's own key). */
  { name: 'catalogByCategory', partitionKey: 'gsi3pk', sortKey: 'sk' },
  /** A catalogue year's entries per agency and category, newest first. */
  { name: 'catalogByAgencyCategory', partitionKey: 'gsi4pk', sortKey: 'sk' },
  /**
   * An agency's documents in flight past DRAFT, soonest deadline first (GET /api/pipeline): only
   * what the pipeline shows is projected (shared/model/paging.ts PIPELINE_FIELDS), so a page of it
   * reads a few hundred bytes a document, not the document.
   */
  { name: 'pipelineByDue', partitionKey: 'gsi5pk', sortKey: 'gsi5sk', projection: PIPELINE_FIELDS },
  /**
   * Documents not in a terminal status, by id (the sweeper, the deadline check, a calendar import):
   * keys only, so that an entry is written when a document enters the flow and when it leaves it,
   * not at every step as an entry holding the whole document would be.
   */
  { name: 'inFlight', partitionKey: 'gsi6pk', sortKey: 'gsi6sk', projection: [] },
] as const;

/** The attributes an index projects besides the keys: all of the item unless it says; none (KEYS_ONLY) for []. */
export type TableIndex = (typeof TABLE_INDEXES)[number] & { readonly projection?: readonly string[] };

/**
 * The table's TTL attribute (epoch seconds): items that hold something only for a while — the
 * daily visit markers and salts of the public query counter — carry it and DynamoDB deletes them.
 */
export const TABLE_TTL_ATTRIBUTE = 'expiresAt';
