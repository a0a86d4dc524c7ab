import { buildDirectoryDeps } from '../../functions/adapters/directory';
import type { DirectoryTarget } from '../../functions/cli/directory';
import { connectLocalDynamo, type LocalDataOptions } from './local-data';
import { LOCAL_NAMES } from './names';

/** `gongkai directory …` on local data: the table of the local runtime (./local-data.ts). */
export async function connectLocalDirectory(options: LocalDataOptions): Promise<DirectoryTarget> {
  const { client, close } = await connectLocalDynamo(options);
  return { deps: buildDirectoryDeps({ tableName: LOCAL_NAMES.table, dynamo: client }), close };
}
