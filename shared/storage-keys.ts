/**
 * The single-table layout, shared by the CDK table definition and the local runtime so that
 * both create the same indexes.
 */
export const TABLE_INDEXES = [
  /** Open tasks per assignee, ordered by due date. */
  { name: 'byAssignee', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Documents per agency (and status listings), newest first. */
  { name: 'byAgency', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
] as const;
