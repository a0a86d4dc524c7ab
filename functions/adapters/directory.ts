import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DirectoryDeps } from '../../shared/directory/context';
import { type Clock, systemClock } from '../../shared/ports';
import { documentClient } from './aws';
import { DynamoDirectory } from './dynamo/directory';
import { DynamoDocuments } from './dynamo/documents';
import { Table } from './dynamo/table';
import { DynamoTasks } from './dynamo/tasks';

/**
 * What `gongkai directory …` administers the table through: the directory, and the open tasks
 * (with their documents) that move when a department's leader or an agency's head changes.
 */
export function buildDirectoryDeps(config: {
  readonly tableName: string;
  readonly dynamo: DynamoDBClient;
  readonly clock?: Clock;
}): DirectoryDeps {
  const table = new Table(documentClient(config.dynamo), config.tableName);
  return {
    directory: new DynamoDirectory(table),
    tasks: new DynamoTasks(table),
    documents: new DynamoDocuments(table),
    clock: config.clock ?? systemClock,
  };
}
