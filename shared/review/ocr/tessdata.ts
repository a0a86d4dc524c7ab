/**
 * Where the Tesseract language data is, and whether it is there. OCR reads `chi_sim` (simplified
 * Chinese) and `eng` (for the Latin letters and digits of IDs, passports and codes), from Debian's
 * tesseract-ocr-chi-sim and tesseract-ocr-eng (the tessdata_fast models, 2.4 MB and 4.1 MB), or from
 * the folder GONGKAI_TESSDATA names (the review Lambda's layer: /opt/tessdata). Nothing is
 * downloaded: without the files OCR is unavailable and scans go to a person as unreadable.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const OCR_LANGUAGES = ['chi_sim', 'eng'] as const;

/** The environment variable that names the folder of the .traineddata files. */
export const TESSDATA_ENV = 'GONGKAI_TESSDATA';

/** Debian 12/13 (tesseract 5), then Debian 11 / Ubuntu (tesseract 4). */
export const DEBIAN_TESSDATA = ['/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata'];

export type Availability =
  | { readonly available: true; readonly langPath: string }
  | { readonly available: false; readonly langPath: string; readonly reason: string };

/**
 * The folder to read: `langPath` when given, else GONGKAI_TESSDATA, else the first Debian folder
 * that has the first language (the first one, when none has).
 */
export function resolveLangPath(langPath?: string, languages: readonly string[] = OCR_LANGUAGES): string {
  if (langPath) return langPath;
  const fromEnv = process.env[TESSDATA_ENV];
  if (fromEnv) return fromEnv;
  const first = languages[0] ?? 'chi_sim';
  return DEBIAN_TESSDATA.find((dir) => isFile(join(dir, `${first}.traineddata`))) ?? (DEBIAN_TESSDATA[0] as string);
}

/** Whether every language's .traineddata is in `langPath` and looks like one (header checked). */
export function checkTessdata(langPath: string, languages: readonly string[] = OCR_LANGUAGES): Availability {
  for (const language of languages) {
    const file = join(langPath, `${language}.traineddata`);
    const problem = traineddataProblem(file);
    if (problem) {
      return {
        available: false,
        langPath,
        reason:
          `OCR is not available: ${file} ${problem} (install Debian's tesseract-ocr-chi-sim and ` +
          `tesseract-ocr-eng, or set ${TESSDATA_ENV} to a folder with ${languages.join(' and ')}.traineddata); ` +
          'scans go to the pre-review group unread',
      };
    }
  }
  return { available: true, langPath };
}

/**
 * A .traineddata file starts with the number of its components (24 in Tesseract 4 and 5), then
 * each one's offset as a 64-bit integer: -1 for a component it lacks, else inside the file. A
 * truncated, empty or wrong file fails here rather than inside the engine, which would stall on it.
 */
function traineddataProblem(file: string): string | undefined {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return 'is not a file';
    size = stat.size;
  } catch {
    return 'is missing';
  }
  const head = new Uint8Array(4 + 8 * 64);
  let read: number;
  try {
    const fd = openSync(file, 'r');
    try {
      read = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return 'cannot be read';
  }
  const view = new DataView(head.buffer, 0, read);
  if (read < 4) return 'is empty or truncated';
  const entries = view.getInt32(0, true);
  if (entries < 1 || entries > 64 || read < 4 + 8 * entries) return 'is not Tesseract language data';
  let components = 0;
  for (let i = 0; i < entries; i++) {
    const offset = Number(view.getBigInt64(4 + 8 * i, true));
    if (offset === -1) continue;
    if (offset < 4 + 8 * entries || offset >= size) return 'is truncated or not Tesseract language data';
    components++;
  }
  return components === 0 ? 'has no components' : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
