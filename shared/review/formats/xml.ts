/**
 * XML parts of a ZIP package (DOCX, XLSX, OFD), read through the bounded ZIP reader with saxes,
 * a strict streaming parser: nothing is kept but the text the reader collects, an entity it does
 * not know (a DTD's, the way to a "billion laughs") is an error, and the elements and attributes
 * of a package are counted before each part is parsed (SCAN_LIMITS).
 *
 * Elements are matched by local name, whatever prefix the producer chose (`w:t`, `ns0:t`).
 */
import { SaxesParser } from 'saxes';
import { decodeGb18030 } from '../decode';
import { count, SCAN_LIMITS, ScanLimitError } from '../limits';
import { ZipArchive } from '../zip';

export type Attributes = Readonly<Record<string, string>>;

export interface XmlEvents {
  open?(name: string, attributes: Attributes): void;
  text?(text: string): void;
  close?(name: string): void;
}

/** `<` and `=`: the elements and attributes a parser will see. */
function markupIn(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x3c || byte === 0x3d) n++;
  }
  return n;
}

/** The local name of an element or attribute: `w:t` → `t`. */
export function local(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** An attribute by local name (`r:id`, `w:val` …), whatever its prefix. */
export function attribute(attributes: Attributes, name: string): string | undefined {
  if (name in attributes) return attributes[name];
  for (const [key, value] of Object.entries(attributes)) if (local(key) === name) return value;
  return undefined;
}

/** UTF-8 unless a BOM or the declaration says UTF-16 or a GB encoding (some OFD writers). */
function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 100));
  const declared = /^(?:\ufeff|ï»¿)?<\?xml[^>]*encoding=["']([A-Za-z0-9_-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(?:gb2312|gbk|gb18030|cp936)$/.test(declared)) return decodeGb18030(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

export function parseXml(bytes: Uint8Array, events: XmlEvents): void {
  const parser = new SaxesParser();
  if (events.open) {
    const open = events.open;
    parser.on('opentag', (tag) => open(local(tag.name), tag.attributes as Attributes));
  }
  if (events.text) {
    const text = events.text;
    parser.on('text', text);
    parser.on('cdata', text);
  }
  if (events.close) {
    const close = events.close;
    parser.on('closetag', (tag) => close(local(tag.name)));
  }
  parser.write(decode(bytes)).close();
}

/**
 * A ZIP package whose XML parts are parsed within the limits: the ZIP reader's sizes and, over
 * all parts parsed, `markup` elements and attributes.
 */
export class XmlPackage {
  readonly zip: ZipArchive;
  private markup = 0;

  constructor(
    bytes: Uint8Array,
    private readonly label: string,
    private readonly markupLimit: number = SCAN_LIMITS.docxMarkup,
  ) {
    this.zip = new ZipArchive(bytes, {
      entries: SCAN_LIMITS.zipEntries,
      entryBytes: SCAN_LIMITS.zipEntryBytes,
      totalBytes: SCAN_LIMITS.zipTotalBytes,
      label,
    });
  }

  has(name: string): boolean {
    return this.zip.has(name);
  }

  names(): string[] {
    return this.zip.names();
  }

  /** The bytes of a part (an image for OCR), within the ZIP limits. */
  read(name: string): Uint8Array {
    return this.zip.read(name);
  }

  /** Parses a part; counts its markup against the limit before parsing it. */
  parse(name: string, events: XmlEvents): void {
    const bytes = this.zip.read(name);
    this.markup += markupIn(bytes);
    if (this.markup > this.markupLimit) {
      throw new ScanLimitError(
        `${this.label} has more than ${count(this.markupLimit)} XML elements and attributes: ` +
          'too complex to scan automatically',
      );
    }
    parseXml(bytes, events);
  }

  /** The relationships of a part (`word/document.xml` → `word/_rels/document.xml.rels`): id → part name. */
  relationships(part: string): Map<string, { target: string; type: string }> {
    const slash = part.lastIndexOf('/');
    const dir = part.slice(0, slash + 1);
    const rels = `${dir}_rels/${part.slice(slash + 1)}.rels`;
    const found = new Map<string, { target: string; type: string }>();
    if (!this.has(rels)) return found;
    this.parse(rels, {
      open(name, attributes) {
        if (name !== 'Relationship' || attribute(attributes, 'TargetMode') === 'External') return;
        const id = attribute(attributes, 'Id');
        const target = attribute(attributes, 'Target');
        if (id && target)
          found.set(id, { target: resolvePath(dir, target), type: attribute(attributes, 'Type') ?? '' });
      },
    });
    return found;
  }
}

/** A part name from a reference relative to `dir` (ending in '/'), or absolute from the package root. */
export function resolvePath(dir: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}
