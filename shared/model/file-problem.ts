/**
 * Why the agency's file cannot go on, as a code with its facts: a failed document's page and its
 * history word it in the reader's language (the dashboard's dictionaries), as audit notes are;
 * `describeFileProblem` is the English sentence ops, logs and API details read.
 */

/** What a file's first bytes say it is (shared/review/sniff.ts). */
export const SNIFFED_FORMATS = [
  /** Nothing binary recognised: may be text or HTML, which decoding then decides. */
  'text',
  'pdf',
  'docx',
  'xlsx',
  /** GB/T 33190 electronic document: a ZIP package with OFD.xml at its root. */
  'ofd',
  /** Another ZIP package (pptx, odt, a plain archive …). */
  'zip',
  /** Office 97–2003 (.doc/.xls/.ppt) compound file. */
  'ole',
  'image',
  'rtf',
  /** Executables and compressed archives: never a document. */
  'binary',
] as const;
export type SniffedFormat = (typeof SNIFFED_FORMATS)[number];

export type FileProblem =
  | { readonly code: 'empty' }
  | { readonly code: 'too-large'; readonly bytes: number; readonly limit: number }
  /** The upload's own Content-Type is not the registered one. */
  | { readonly code: 'stored-as'; readonly stored: string; readonly registered: string }
  /** The bytes are another kind of file than the registered type. */
  | { readonly code: 'not-as-registered'; readonly registered: string; readonly found: SniffedFormat }
  /** Registered as PNG or JPEG, and an image of another format. */
  | { readonly code: 'other-image-format'; readonly registered: string }
  /** Registered as text, and neither UTF-8 nor GB18030. */
  | { readonly code: 'unreadable-text'; readonly registered: string }
  /** Two scans of the file stopped without finishing (a crash or timeout in the extractor). */
  | { readonly code: 'scan-stopped' };

const FORMAT_NAMES: Record<SniffedFormat, string> = {
  text: 'text',
  pdf: 'a PDF',
  docx: 'a Word (.docx) document',
  xlsx: 'an Excel (.xlsx) workbook',
  ofd: 'an OFD document',
  zip: 'a ZIP package that is not a .docx, .xlsx or .ofd',
  ole: 'an Office 97–2003 file (.doc/.xls/.ppt)',
  image: 'an image',
  rtf: 'an RTF document',
  binary: 'an executable or compressed archive',
};

const IMAGE_NAMES: Record<string, string> = { 'image/png': 'a PNG image', 'image/jpeg': 'a JPEG image' };

export function describeFileProblem(problem: FileProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'file is empty';
    case 'too-large':
      return `file is ${problem.bytes} bytes; the limit is ${problem.limit}`;
    case 'stored-as':
      return `uploaded as ${problem.stored} but registered as ${problem.registered}`;
    case 'not-as-registered':
      return `registered as ${problem.registered} but the file is ${FORMAT_NAMES[problem.found]}`;
    case 'other-image-format':
      return `registered as ${problem.registered} but the file is an image of another format (not ${IMAGE_NAMES[problem.registered] ?? problem.registered})`;
    case 'unreadable-text':
      return `registered as ${problem.registered} but the file is not readable text (binary, or neither UTF-8 nor GB18030)`;
    case 'scan-stopped':
      return 'the scan stopped twice on this file without finishing';
  }
}
