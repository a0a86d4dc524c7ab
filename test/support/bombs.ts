/**
 * Files that are small on disk and huge once read (issue 8), built in the tests: a DOCX with a
 * 300 MB entry of `<w:p/>` (about 460 KB), the same with a header that lies about the entry's size,
 * and a PDF of 20,000 empty pages (about 260 KB). Each is built in well under a second and never
 * holds more than a megabyte of what it expands to.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { unzipSync } from 'fflate';
import { PDFDocument, PDFName, PDFPageLeaf, PDFRef } from 'pdf-lib';

interface ZipEntry {
  readonly name: string;
  /** What is stored: deflated (method 8) or the bytes themselves (method 0). */
  readonly data: Uint8Array;
  readonly method: 0 | 8;
  /** Uncompressed size and CRC-32, as the headers declare them. */
  readonly size: number;
  readonly crc: number;
}

/** A ZIP archive of the given entries, headers written as declared (so they may lie). */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const header = (central: boolean) => {
      const b = Buffer.alloc(central ? 46 : 30);
      b.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, 0);
      let at = 4;
      if (central) {
        b.writeUInt16LE(20, at); // made by
        at += 2;
      }
      b.writeUInt16LE(20, at); // version needed
      b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      b.writeUInt16LE(entry.method, at + 4);
      b.writeUInt32LE(0, at + 6); // time, date
      b.writeUInt32LE(entry.crc, at + 10);
      b.writeUInt32LE(entry.data.length, at + 14);
      b.writeUInt32LE(entry.size, at + 18);
      b.writeUInt16LE(name.length, at + 22);
      if (central) b.writeUInt32LE(offset, 42);
      return Buffer.concat([b, name]);
    };
    const local = Buffer.concat([header(false), entry.data]);
    centrals.push(header(true));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** An entry deflated as Node's zlib does it. */
export function deflated(name: string, bytes: Uint8Array): ZipEntry {
  return { name, data: deflateRawSync(bytes), method: 8, size: bytes.length, crc: crc32(bytes) };
}

/** `unit` repeated to `megabytes` MB, deflated as it streams (zlib level 9: ~1,500:1 for `<w:p/>`). */
export async function repeatedEntry(name: string, unit: string, megabytes: number): Promise<ZipEntry> {
  const chunk = Buffer.from(unit.repeat(Math.floor((1024 * 1024) / unit.length)));
  const deflater = createDeflateRaw({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => deflater.on('end', resolve).on('error', reject));
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    crc = crc32(chunk, crc);
    deflater.write(chunk);
  }
  deflater.end();
  await done;
  return { name, data: Buffer.concat(out), method: 8, size: chunk.length * megabytes, crc };
}

/** The parts of a real one-paragraph .docx (from the `docx` package). */
export async function docxParts(text = '各学校：请做好冬季供暖保障工作。'): Promise<Record<string, Uint8Array>> {
  const doc = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun(text)] })] }] });
  return unzipSync(new Uint8Array(await Packer.toBuffer(doc)));
}

/** A .docx whose word/document.xml is `entry` (every other part as Word's would be). */
export async function docxWithDocument(entry: ZipEntry): Promise<Uint8Array> {
  const parts = await docxParts();
  return writeZip([
    ...Object.entries(parts)
      .filter(([name]) => name !== 'word/document.xml')
      .map(([name, bytes]) => deflated(name, bytes)),
    entry,
  ]);
}

/** Issue 8, item 3: 300 MB of empty paragraphs in a ~460 KB .docx. */
export async function docxBomb(megabytes = 300, declaredSize?: number): Promise<Uint8Array> {
  const entry = await repeatedEntry('word/document.xml', '<w:p/>', megabytes);
  return docxWithDocument(declaredSize === undefined ? entry : { ...entry, size: declaredSize });
}

/** Issue 8, item 7: a PDF of `pages` empty pages (20,000 make ~260 KB). */
export async function emptyPages(pages = 20_000): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  // pdf-lib's addPage walks the page tree each time (7 s for 20,000); appending leaves is linear.
  const tree = pdf.catalog.Pages();
  const treeRef = pdf.catalog.get(PDFName.of('Pages'));
  if (!(treeRef instanceof PDFRef)) throw new Error('no page tree');
  const mediaBox = pdf.context.obj([0, 0, 595, 842]);
  for (let i = 0; i < pages; i++) {
    const leaf = PDFPageLeaf.withContextAndParent(pdf.context, treeRef);
    leaf.set(PDFName.of('MediaBox'), mediaBox);
    tree.pushLeafNode(pdf.context.register(leaf));
  }
  return pdf.save({ objectsPerTick: Number.POSITIVE_INFINITY });
}
