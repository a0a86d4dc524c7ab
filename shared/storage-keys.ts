/**
 * The single-table layout, shared by the CDK table definition and the local runtime so that
 * both create the same indexes.
 */
export const TABLE_INDEXES = [
  /** Open tasks per assignee, ordered by due date. */
  { name: 'byAssignee', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Documents per agency (and status listings), newest first; a catalogue year's entries per agency. */
  { name: 'byAgency', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** A catalogue year's entries per category, newest first (sorted by the entry's own key). */
  { name: 'catalogByCategory', partitionKey: 'gsi3pk', sortKey: 'sk' },
  /** A catalogue year's entries per agency and category, newest first. */
  { name: 'catalogByAgencyCategory', partitionKey: 'gsi4pk', sortKey: 'sk' },
] as const;

/**
 * The table's TTL attribute (epoch seconds): items that hold something only for a while — the
 * daily visit markers and salts of the public query counter — carry it and DynamoDB deletes them.
 */
export const TABLE_TTL_ATTRIBUTE = 'expiresAt';
