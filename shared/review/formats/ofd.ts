/**
 * OFD (GB/T 33190-2016, 版式文档): the text of every page of every document in the package, of
 * the templates the pages are laid on, of the annotations on a page, and the document
 * information. There is no maintained JavaScript OFD reader; this one follows the standard's
 * structure on the bounded ZIP reader and the streaming XML parser (./xml.ts):
 *
 *   OFD.xml ─ DocBody ─ DocInfo (title, author, … : "document properties")
 *                     └ DocRoot → Doc_N/Document.xml ─ CommonData ─ TemplatePage@BaseLoc ("template N")
 *                                                   │            └ PublicRes, DocumentRes (MultiMedia → image files)
 *                                                   ├ Pages ─ Page@BaseLoc → Content.xml ("page N")
 *                                                   └ Annotations → per page Annotation.xml ("page N, annotation")
 *
 * A page's text is the Unicode text of its TextCode elements, laid out by their positions (codes
 * on one line are joined, so a number drawn glyph by glyph stays one number). A page drawn only as
 * images or paths, or whose text is glyph indexes only (CGTransform, no Unicode), is a scan: its
 * images go to OCR when the extraction has it; otherwise the page is unread, with that reason.
 */
import { looksLikeText } from '../decode';
import { type Extraction, type ExtractOptions, type TextPart, type UnreadPart, unreadScanReason } from '../extraction';
import { SCAN_LIMITS } from '../limits';
import { failure, finish, TextBudget } from './common';
import { type Attributes, attribute, resolvePath, XmlPackage } from './xml';

export async function fromOfd(bytes: Uint8Array, options: ExtractOptions): Promise<Extraction> {
  let read: Read;
  try {
    read = await readOfd(new XmlPackage(bytes, 'OFD', SCAN_LIMITS.ofdMarkup), options);
  } catch (error) {
    return failure(error, 'OFD is corrupt or unreadable');
  }
  if (read.content.length === 0 && !read.scanned && read.unread.length > 0) {
    return {
      ok: false,
      reason: unreadScanReason(
        'OFD has no text: its pages are drawn as images or paths, or text by glyph index only (scanned?)',
        options,
      ),
    };
  }
  return finish([...read.content, ...read.extra], 'ofd', {
    empty: 'OFD has no text (empty pages?)',
    scanned: read.scanned,
    unread: read.unread,
  });
}

interface Read {
  readonly content: TextPart[];
  readonly extra: TextPart[];
  readonly unread: UnreadPart[];
  scanned: boolean;
}

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);

/** Properties people fill in; identifiers, dates and the producing application's version are not. */
const DOC_INFO_SKIP = new Set(['DocID', 'CreationDate', 'ModDate', 'CreatorVersion', 'Cover']);

async function readOfd(pkg: XmlPackage, options: ExtractOptions): Promise<Read> {
  const entry = pkg.has('OFD.xml') ? 'OFD.xml' : '/OFD.xml';
  const roots: string[] = [];
  const properties: string[] = [];
  const path: string[] = [];
  let text = '';
  let customName = '';
  pkg.parse(entry, {
    open(name, attributes) {
      path.push(name);
      text = '';
      if (name === 'CustomData') customName = attribute(attributes, 'Name') ?? 'CustomData';
    },
    text(t) {
      text += t;
    },
    close(name) {
      const value = text.trim();
      if (name === 'DocRoot' && value) roots.push(resolvePath('', value));
      else if (path.includes('DocInfo') && name !== 'DocInfo' && value && !DOC_INFO_SKIP.has(name)) {
        properties.push(`${name === 'CustomData' ? customName : name}: ${value}`);
      }
      text = '';
      path.pop();
    },
  });
  if (roots.length === 0) throw new Error('OFD.xml names no document (DocBody/DocRoot)');
  const read: Read = { content: [], extra: [], unread: [], scanned: false };
  const budget = new TextBudget('ofd');
  for (const [index, root] of roots.entries()) {
    const prefix = roots.length > 1 ? `document ${index + 1}, ` : '';
    await readDocument(pkg, root, prefix, options, read, budget);
  }
  if (properties.length > 0) read.extra.push({ location: 'document properties', text: properties.join('\n') });
  return read;
}

interface DocumentIndex {
  readonly pages: Array<{ id: string; path: string }>;
  readonly templates: string[];
  readonly resources: string[];
  annotations: string | undefined;
}

async function readDocument(
  pkg: XmlPackage,
  root: string,
  prefix: string,
  options: ExtractOptions,
  read: Read,
  budget: TextBudget,
): Promise<void> {
  if (!pkg.has(root)) throw new Error(`DocRoot ${root} is not in the package`);
  const dir = dirOf(root);
  const index: DocumentIndex = { pages: [], templates: [], resources: [], annotations: undefined };
  let text = '';
  pkg.parse(root, {
    open(name, attributes) {
      text = '';
      const base = attribute(attributes, 'BaseLoc');
      if (name === 'Page' && base)
        index.pages.push({ id: attribute(attributes, 'ID') ?? '', path: resolvePath(dir, base) });
      else if (name === 'TemplatePage' && base) index.templates.push(resolvePath(dir, base));
    },
    text(t) {
      text += t;
    },
    close(name) {
      const value = text.trim();
      if ((name === 'PublicRes' || name === 'DocumentRes') && value) index.resources.push(resolvePath(dir, value));
      else if (name === 'Annotations' && value) index.annotations = resolvePath(dir, value);
      text = '';
    },
  });
  const media = new Map<string, string>();
  for (const res of index.resources) if (pkg.has(res)) readResources(pkg, res, media);

  for (const [i, template] of index.templates.entries()) {
    if (!pkg.has(template)) continue;
    const drawn = readPage(pkg, template, media);
    if (drawn.text.trim()) {
      read.content.push({ location: `${prefix}template ${i + 1}`, text: drawn.text });
      budget.add(drawn.text.length + 2);
    }
  }
  for (const [i, page] of index.pages.entries()) {
    const n = i + 1;
    const location = `${prefix}page ${n}`;
    if (!pkg.has(page.path)) {
      read.unread.push({
        location,
        page: n,
        reason: `${location}: its content ${page.path} is missing from the package`,
      });
      continue;
    }
    const drawn = readPage(pkg, page.path, media);
    const hasText = drawn.text.trim() !== '';
    if (hasText && looksLikeText(drawn.text)) {
      read.content.push({ location, text: drawn.text, page: n });
      budget.add(drawn.text.length + 2);
      continue;
    }
    // Text that is not text (private-use code points for glyphs) is glyphs only.
    const glyphsOnly = drawn.glyphsOnly || hasText;
    if (!glyphsOnly && drawn.images.length === 0 && !drawn.paths) continue; // a blank page
    const recognised: TextPart[] = [];
    if (options.ocr) {
      for (const image of drawn.images) {
        if (!pkg.has(image)) continue;
        for (const part of await options.ocr(pkg.read(image), n)) {
          recognised.push({ ...part, location: part.location || location, page: part.page ?? n });
          budget.add(part.text.length + 2);
        }
      }
    }
    if (recognised.length > 0) {
      read.scanned = true;
      read.content.push(...recognised);
    } else {
      const how = glyphsOnly ? 'text by glyph index only, without Unicode' : 'drawn only as images or paths';
      read.unread.push({
        location,
        page: n,
        reason: unreadScanReason(`${location} has no text: ${how} (scanned?)`, options),
      });
    }
  }
  if (index.annotations && pkg.has(index.annotations)) {
    for (const part of readAnnotations(pkg, index, media, prefix)) {
      read.extra.push(part);
      budget.add(part.text.length + 2);
    }
  }
}

/** MultiMedia ID → the image file's part name (MediaFile, under the resource file's BaseLoc). */
function readResources(pkg: XmlPackage, res: string, media: Map<string, string>): void {
  let base = dirOf(res);
  let id = '';
  let text = '';
  pkg.parse(res, {
    open(name, attributes) {
      text = '';
      if (name === 'Res') {
        const loc = attribute(attributes, 'BaseLoc');
        if (loc) base = `${resolvePath(dirOf(res), loc)}/`;
      } else if (name === 'MultiMedia') id = attribute(attributes, 'ID') ?? '';
    },
    text(t) {
      text += t;
    },
    close(name) {
      if (name === 'MediaFile' && id && text.trim()) media.set(id, resolvePath(base, text.trim()));
      text = '';
    },
  });
}

interface Drawn {
  readonly text: string;
  readonly images: string[];
  readonly paths: boolean;
  /** Text objects whose codes carry glyph indexes but no Unicode text. */
  readonly glyphsOnly: boolean;
}

interface Code {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly end: number;
  readonly size: number;
}

const numbers = (value: string | undefined) => (value ?? '').trim().split(/\s+/).filter(Boolean).map(Number);

/** DeltaX/DeltaY with the standard's "g count value" shorthand expanded; their sum. */
function deltaSum(value: string | undefined): number {
  const tokens = (value ?? '').trim().split(/\s+/).filter(Boolean);
  let sum = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'g') {
      sum += Number(tokens[i + 1] ?? 0) * Number(tokens[i + 2] ?? 0);
      i += 2;
    } else sum += Number(tokens[i]);
  }
  return Number.isFinite(sum) ? sum : 0;
}

/** A page's (or template's, or annotation appearance's) text, images and whether it draws at all. */
function readPage(pkg: XmlPackage, part: string, media: ReadonlyMap<string, string>): Drawn {
  const codes: Code[] = [];
  const images: string[] = [];
  let paths = false;
  let glyphObjects = 0;
  const object: { x: number; y: number; size: number; glyphs: boolean; text: boolean } = {
    x: 0,
    y: 0,
    size: 3.5,
    glyphs: false,
    text: false,
  };
  let code: { attributes: Attributes; text: string } | undefined;
  pkg.parse(part, {
    open(name, attributes) {
      switch (name) {
        case 'TextObject': {
          const [x = 0, y = 0] = numbers(attribute(attributes, 'Boundary'));
          const size = Number(attribute(attributes, 'Size'));
          Object.assign(object, { x, y, size: size > 0 ? size : 3.5, glyphs: false, text: false });
          break;
        }
        case 'TextCode':
          code = { attributes, text: '' };
          break;
        case 'CGTransform':
          object.glyphs = true;
          break;
        case 'ImageObject': {
          const file = media.get(attribute(attributes, 'ResourceID') ?? '');
          if (file) images.push(file);
          else paths = true;
          break;
        }
        case 'PathObject':
        case 'CompositeObject':
          paths = true;
          break;
      }
    },
    text(t) {
      if (code) code.text += t;
    },
    close(name) {
      if (name === 'TextCode' && code) {
        const text = code.text;
        if (text.trim() !== '') {
          object.text = true;
          const x = object.x + Number(attribute(code.attributes, 'X') ?? 0);
          const y = object.y + Number(attribute(code.attributes, 'Y') ?? 0);
          const dx = attribute(code.attributes, 'DeltaX');
          const width = dx ? deltaSum(dx) + object.size : object.size * [...text].length;
          codes.push({ text, x, y, end: x + width, size: object.size });
        }
        code = undefined;
      } else if (name === 'TextObject' && object.glyphs && !object.text) glyphObjects++;
    },
  });
  return { text: layout(codes), images, paths, glyphsOnly: glyphObjects > 0 && codes.length === 0 };
}

/**
 * Codes in the order drawn, joined as they sit: on the same line and touching, nothing between
 * (a number drawn glyph by glyph is one number); a small gap a space, a wide one a tab; another
 * line a line break.
 */
function layout(codes: readonly Code[]): string {
  let out = '';
  let previous: Code | undefined;
  for (const c of codes) {
    if (previous) {
      const sameLine = Math.abs(c.y - previous.y) < Math.max(c.size, previous.size) * 0.5;
      const gap = c.x - previous.end;
      if (!sameLine || gap < -previous.size) out += '\n';
      else if (gap > c.size * 2) out += '\t';
      else if (gap > c.size * 0.5) out += ' ';
    }
    out += c.text;
    previous = c;
  }
  return out;
}

/** Annotations (GB/T 33190 §15): each page's annotation files, their remarks and appearance text. */
function readAnnotations(pkg: XmlPackage, index: DocumentIndex, media: ReadonlyMap<string, string>, prefix: string) {
  const list = index.annotations as string;
  const files: Array<{ page: number; path: string }> = [];
  let pageId = '';
  let text = '';
  pkg.parse(list, {
    open(name, attributes) {
      text = '';
      if (name === 'Page') pageId = attribute(attributes, 'PageID') ?? '';
    },
    text(t) {
      text += t;
    },
    close(name) {
      if (name === 'FileLoc' && text.trim()) {
        const n = index.pages.findIndex((p) => p.id === pageId) + 1;
        files.push({ page: n, path: resolvePath(dirOf(list), text.trim()) });
      }
      text = '';
    },
  });
  const parts: TextPart[] = [];
  for (const file of files) {
    if (!pkg.has(file.path)) continue;
    const remarks: string[] = [];
    let remark = '';
    let inRemark = false;
    pkg.parse(file.path, {
      open(name) {
        if (name === 'Remark') {
          inRemark = true;
          remark = '';
        }
      },
      text(t) {
        if (inRemark) remark += t;
      },
      close(name) {
        if (name === 'Remark') {
          inRemark = false;
          if (remark.trim()) remarks.push(remark.trim());
        }
      },
    });
    const appearance = readPage(pkg, file.path, media).text;
    const text = [...remarks, appearance].filter((t) => t.trim()).join('\n');
    if (!text) continue;
    const where = file.page > 0 ? `page ${file.page}, annotation` : 'annotation';
    parts.push({ location: `${prefix}${where}`, text, ...(file.page > 0 ? { page: file.page } : {}) });
  }
  return parts;
}
