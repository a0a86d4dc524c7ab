import { buildAuditDeps } from '../../functions/adapters/audit';
import type { AuditTarget, LocalAuditOptions } from '../../functions/cli/main';
import { auditDigestDir, FileAuditDigests } from './audit-digests';
import { connectLocalDynamo } from './local-data';
import { LOCAL_NAMES } from './names';

/**
 * `gongkai audit verify` on local data: the table of the local runtime (./local-data.ts); the
 * digests are the files under `<data>/audit-digests/`.
 */
export async function connectLocalAudit(options: LocalAuditOptions): Promise<AuditTarget> {
  const { client, dataDir, close } = await connectLocalDynamo(options);
  return {
    deps: buildAuditDeps({
      tableName: LOCAL_NAMES.table,
      dynamo: client,
      digests: new FileAuditDigests(auditDigestDir(dataDir)),
    }),
    close,
  };
}
