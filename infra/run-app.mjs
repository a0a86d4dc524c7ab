// The CDK app (cdk.json "app"): infra/app.ts, bundled by esbuild into one CommonJS file and run by
// plain node. Run through tsx's loader instead, each of the thousands of modules aws-cdk-lib requires
// crossed its ESM hooks, a message to the loader's thread and back: 2 of a synth's 6 s of CPU here.
// Packages stay in node_modules (`packages: 'external'`); only this repository's code is bundled.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Under node_modules, so that the bundle's requires of packages resolve from the repository,
// whatever folder the cloud assembly goes to (`cdk synth -o …`).
const outfile = join(root, 'node_modules', '.cache', 'gongkai-app', 'app.cjs');

const [bundle] = buildSync({
  entryPoints: [join(root, 'infra', 'app.ts')],
  outfile,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  // CommonJS has no import.meta; the one module of the app that reads it (infra/paths.ts) finds the
  // repository root from its own place.
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'infra', 'paths.ts')).href) },
  // Errors keep their class names, and a stack trace reads as the source does.
  keepNames: true,
  logLevel: 'error',
}).outputFiles;

// Written whole, then renamed into place: a synth started beside this one never reads half a file.
mkdirSync(dirname(outfile), { recursive: true });
const written = `${outfile}.${process.pid}`;
writeFileSync(written, bundle.contents);
renameSync(written, outfile);
createRequire(import.meta.url)(outfile);
