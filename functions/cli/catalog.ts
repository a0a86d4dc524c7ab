import { parseArgs } from 'node:util';
import { ValidationError } from '../../shared/model/errors';

export const CATALOG_USAGE = `  gongkai catalog reindex --table NAME             once, after upgrading a deployment: index the catalogue entries
                                                    published before paging (by agency and category); prints {scanned, indexed}`;

/**
 * `gongkai catalog reindex`: the upgrade's backfill of a deployment's catalogue (local data of an
 * older format is refused and recreated instead). Needs dynamodb:Scan and UpdateItem on the table.
 */
export async function runCatalog(
  argv: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<unknown> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { table: { type: 'string' } },
    strict: true,
  });
  const [command, ...extra] = positionals;
  if (command !== 'reindex')
    throw new ValidationError(command ? `unknown command "catalog ${command}"` : 'catalog what? (reindex)');
  if (extra.length > 0) throw new ValidationError(`unexpected arguments: ${extra.join(' ')}`);
  const tableName = values.table ?? env.GONGKAI_TABLE;
  if (!tableName)
    throw new ValidationError('catalog reindex needs the deployment’s table: --table NAME (the TableName output)');
  const [{ DynamoDBClient }, { documentClient }, { Table }, { indexCatalogEntries }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('../adapters/aws'),
    import('../adapters/dynamo/table'),
    import('../adapters/dynamo/publications'),
  ]);
  const dynamo = new DynamoDBClient({});
  try {
    return await indexCatalogEntries(new Table(documentClient(dynamo), tableName));
  } finally {
    dynamo.destroy();
  }
}
