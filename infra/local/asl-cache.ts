import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fromRoot } from '../paths';
import type { LocalDefinition } from './asl';

/** What the local definition is synthesized with besides the source (runtime options that reach the stack). */
export interface LocalSynthOptions {
  readonly signOffTimeoutSeconds?: number;
}

/**
 * Everything the definition can depend on: the stack and the code that turns its template into
 * the local definition (infra/, all of it: a change to the local runtime costs one synthesis, a
 * file left out could cost a stale flow), the handlers it names and the domain both import, the
 * CDK app's settings and the locked library versions.
 */
const INPUTS = ['infra', 'functions', 'shared', 'package-lock.json', 'cdk.json', 'tsconfig.json'];

/** Where definitions are kept: the conventional cache folder, gone with every `npm ci`. */
export const ASL_CACHE_DIR = fromRoot('node_modules/.cache/gongkai-asl');

/**
 * The state machine the local runtime runs, as CDK synthesizes it from the source checked out:
 * synthesized on the first start after a change to any input (seconds of CPU: aws-cdk-lib is
 * loaded only then) and kept under a hash of every input, so later starts read the very same
 * definition. GONGKAI_ASL_CACHE=off synthesizes every time.
 */
export async function localDefinition(intakeBucketName: string, options: LocalSynthOptions): Promise<LocalDefinition> {
  const useCache = process.env.GONGKAI_ASL_CACHE !== 'off';
  const file = join(ASL_CACHE_DIR, `${inputsDigest(intakeBucketName, options)}.json`);
  if (useCache) {
    const cached = readCached(file);
    if (cached) return cached;
  }
  const { synthesizeLocalDefinition } = await import('./asl');
  const definition = synthesizeLocalDefinition(intakeBucketName, options);
  if (useCache) writeCached(file, definition);
  return definition;
}

/** SHA-256 over the synthesis options and every input file's path and bytes, in path order. */
export function inputsDigest(intakeBucketName: string, options: LocalSynthOptions, root = fromRoot('.')): string {
  const hash = createHash('sha256').update(JSON.stringify({ intakeBucketName, options }));
  for (const path of inputFiles(root)) {
    hash.update(`\0${path}\0`).update(readFileSync(join(root, path)));
  }
  return hash.digest('hex');
}

/** The input files, by their path from the root: every file under an input folder. */
function inputFiles(root: string): string[] {
  return INPUTS.flatMap((input) =>
    statSync(join(root, input)).isDirectory()
      ? readdirSync(join(root, input), { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => relative(root, join(entry.parentPath, entry.name)))
      : [input],
  ).sort();
}

function readCached(file: string): LocalDefinition | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalDefinition;
  } catch {
    // Not there yet, or cut short: synthesize (and write it whole).
    return undefined;
  }
}

/** Written aside and renamed: a runtime starting beside this one reads all of it or none. */
function writeCached(file: string, definition: LocalDefinition): void {
  mkdirSync(ASL_CACHE_DIR, { recursive: true });
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, JSON.stringify(definition));
  renameSync(aside, file);
}
