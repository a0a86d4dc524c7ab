/** Plain text (UTF-8, UTF-16 with a BOM, GB18030): one part, the whole file. */
import type { Extraction } from '../extraction';
import { finish } from './common';

export function fromText(decoded: string): Extraction {
  return finish([{ location: 'body', text: decoded }], 'text', { empty: 'text file has no visible text' });
}
