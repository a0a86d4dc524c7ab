/**
 * The layout of what `.data/` holds. Raised when stored items change shape (2: audit notes became
 * codes with facts; 3: audit events chained and keyed by sequence; 4: catalogue entries carry the
 * keys of their agency and category indexes, which the table has; 5: the reviewers' excerpt left the
 * document item for an object of its own; 6: the keys of the pinned content are derived, documents
 * in flight carry the in-flight and pipeline index keys of today, open tasks their document's
 * summary; 7: documents in flight are keyed on the keys-only inFlight index, not byAssignee; 8: a
 * document item holds its id only in its key, the upload key only when the id does not give it,
 * and its hashes as bytes). Data of the formats before is brought up to date by the runtime at
 * start (MIGRATES_FROM); older data is refused with what to do rather than read wrongly (the
 * runtime at start, `gongkai audit verify` on local data).
 */
export const DATA_FORMAT = '8';

/** The formats the runtime migrates at start (shared/pipeline/layout-migration.ts). */
export const MIGRATES_FROM: readonly string[] = ['4', '5', '6', '7'];
