#!/usr/bin/env node
// `npx gongkai …`: the pure rules without a server. Runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
