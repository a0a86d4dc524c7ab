#!/usr/bin/env node
// `npx gongkai …`: the pure rules without a server, and `audit verify` on local data or a
// deployment. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), {
  // The local runtime's tooling (DynamoDB Local, the digest files) loads only when asked for.
  connectLocal: async (options) => (await import('../../infra/local/audit-cli.ts')).connectLocalAudit(options),
});
