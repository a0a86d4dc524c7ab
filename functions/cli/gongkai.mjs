#!/usr/bin/env node
// `npx gongkai …`: the pure rules without a server, and `audit verify` and `directory …` on
// local data or a deployment. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), {
  // The local runtime's tooling (DynamoDB Local, the digest files) loads only when asked for.
  connectLocal: async (options) => (await import('../../infra/local/audit-cli.ts')).connectLocalAudit(options),
  connectLocalDirectory: async (options) =>
    (await import('../../infra/local/directory-cli.ts')).connectLocalDirectory(options),
  connectLocalOps: async (options) => (await import('../../infra/local/ops-cli.ts')).connectLocalOps(options),
  connectLocalCalendar: async (options) =>
    (await import('../../infra/local/calendar-cli.ts')).connectLocalCalendar(options),
});
