import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type CommitConflict, CommitConflictError } from '../../../shared/model/errors';
import type { DocumentCommit } from '../../../shared/ports';
import { documentItem } from './document-item';
import { keys } from './keys';
import { catalogPutItem, catalogUpdateItem, sequenceItem } from './publications';
import { scoreChangeItems } from './scores';
import { isConditionFailure, type Table, type TransactItem } from './table';
import { closeTaskItem, openTaskItem, taskDocumentItem, taskDueItem } from './tasks';

/**
 * The one optimistic write: a document's next version, conditional on the version the domain
 * read, with its audit event, score changes, the markers of years it enters that are not stored
 * yet (./scores.ts ScoreYearMarkers) and linked items in one transaction (a plain
 * conditional put when there is nothing else to write). A failed condition is reported as the
 * part of the commit it belongs to; the domain decides what next.
 */
export async function commitDocument(
  table: Table,
  commit: DocumentCommit,
  yearMarkers: readonly TransactItem[] = [],
): Promise<void> {
  const { document: doc, expectedVersion } = commit;
  const parts: Array<[TransactItem, CommitConflict | null]> = [
    [
      {
        Put: {
          TableName: table.name,
          Item: documentItem(doc),
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        },
      },
      'document',
    ],
  ];
  if (commit.event) {
    const event = commit.event;
    // Append-only: an event is never written over another.
    const Item = { ...keys.event(event.documentId, event.seq), ...event };
    parts.push([
      { Put: { TableName: table.name, Item, ConditionExpression: 'attribute_not_exists(pk)' } },
      'event-exists',
    ]);
  }
  // Into the document's own counter shard (./scores.ts): not the item every writer of the agency meets.
  for (const item of scoreChangeItems(table, commit.scores, doc.id)) parts.push([item, null]);
  for (const item of yearMarkers) parts.push([item, null]);
  for (const task of commit.openTasks ?? []) parts.push([openTaskItem(table, task), 'task-exists']);
  if (commit.closeTask) parts.push([closeTaskItem(table, commit.closeTask), 'task-closed']);
  for (const change of commit.taskDueChanges ?? []) parts.push([taskDueItem(table, change), 'task-due']);
  for (const id of commit.taskDocuments?.taskIds ?? []) {
    parts.push([taskDocumentItem(table, id, commit.taskDocuments?.document), 'task-missing']);
  }
  if (commit.sequence) parts.push([sequenceItem(table, commit.sequence), 'sequence']);
  if (commit.catalogPut) {
    parts.push([catalogPutItem(table, commit.catalogPut.key, commit.catalogPut.entry), 'catalog-exists']);
  }
  if (commit.catalogUpdate) {
    parts.push([catalogUpdateItem(table, commit.catalogUpdate.key, commit.catalogUpdate.patch), 'catalog-missing']);
  }
  const [only, ...others] = parts;
  if (only?.[0].Put && others.length === 0) {
    // The document alone (a scan attempt, a finding): a conditional put bills half a transaction.
    try {
      await table.client.send(new PutCommand(only[0].Put));
    } catch (err) {
      if (isConditionFailure(err)) throw new CommitConflictError('document', doc.id);
      throw err;
    }
    return;
  }
  try {
    await table.client.send(new TransactWriteCommand({ TransactItems: parts.map(([item]) => item) }));
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    const failed = (err.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
    const part = failed >= 0 ? parts[failed]?.[1] : undefined;
    if (!part) throw err;
    throw new CommitConflictError(part, doc.id);
  }
}
