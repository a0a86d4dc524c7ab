import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A path relative to the repository root, whatever the working directory. */
export function fromRoot(...parts: string[]): string {
  return resolve(root, ...parts);
}
