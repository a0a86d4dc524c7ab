/**
 * Word 97–2003 (.doc) files built in the tests ([MS-CFB] container, [MS-DOC] content): a
 * WordDocument stream with the FIB fields a reader uses, the text as one Unicode piece (or an
 * 8-bit one), tracked insertions/deletions as character properties (sprmCFRMarkIns/Del in a ChpxFkp
 * page), headers and footers split by PlcfHdd, and a SummaryInformation stream (code page 936)
 * in the mini stream. No JavaScript library writes .doc; this follows the two specifications.
 */
import iconv from 'iconv-lite';

export interface DocContent {
  /** Paragraphs of each story ('\r' ends each). Marks: [[del]] deleted, [[+ins]] inserted text. */
  readonly body: string;
  readonly footnote?: string;
  readonly header?: string;
  readonly footer?: string;
  readonly comment?: string;
  readonly endnote?: string;
  readonly textBox?: string;
  readonly author?: string;
  /** Store the text as 8-bit (compressed) characters: ASCII only. */
  readonly compressed?: boolean;
  readonly encrypted?: boolean;
}

const TEXT_AT = 0x800;

function le(size: number, value: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (value / 2 ** (8 * i)) & 0xff;
  return b;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const put = (target: Uint8Array, at: number, size: number, value: number) => target.set(le(size, value), at);

/** Strips the [[…]] marks, returning the text and the marked character ranges. */
function marked(story: string): { text: string; ranges: Array<{ start: number; end: number; mark: 1 | 2 }> } {
  let text = '';
  const ranges: Array<{ start: number; end: number; mark: 1 | 2 }> = [];
  for (const piece of story.split(/(\[\[\+?[^\]]*\]\])/)) {
    const m = /^\[\[(\+?)([^\]]*)\]\]$/.exec(piece);
    if (m) {
      ranges.push({ start: text.length, end: text.length + (m[2] ?? '').length, mark: m[1] ? 1 : 2 });
      text += m[2];
    } else text += piece;
  }
  return { text, ranges };
}

export function docOf(content: DocContent): Uint8Array {
  const stories = [
    content.body,
    content.footnote ?? '',
    '', // headers: below
    content.comment ?? '',
    content.endnote ?? '',
    content.textBox ?? '',
    '',
  ].map(marked);
  const header = marked(content.header ?? '');
  const footer = marked(content.footer ?? '');
  const hdd = header.text.length + footer.text.length;
  const texts = [stories[0], stories[1]];
  let all = (stories[0]?.text ?? '') + (stories[1]?.text ?? '') + header.text + footer.text;
  for (const s of stories.slice(3)) all += s.text;
  const ranges: Array<{ start: number; end: number; mark: 1 | 2 }> = [];
  let cp = 0;
  for (const s of [...texts, header, footer, ...stories.slice(3)]) {
    for (const r of s?.ranges ?? []) ranges.push({ start: cp + r.start, end: cp + r.end, mark: r.mark });
    cp += s?.text.length ?? 0;
  }

  const width = content.compressed ? 1 : 2;
  const textBytes = content.compressed
    ? new Uint8Array(Buffer.from(all, 'latin1'))
    : new Uint8Array(Buffer.from(all, 'utf16le'));

  // CHPX FKP: runs over the text by byte offset; a marked run points at a Chpx with its sprm.
  const fkpAt = Math.ceil((TEXT_AT + textBytes.length) / 512) * 512;
  const fkp = new Uint8Array(512);
  const bounds = [0, all.length];
  for (const r of ranges) bounds.push(r.start, r.end);
  const cps = [...new Set(bounds)].sort((a, b) => a - b);
  const runs = cps.length - 1;
  cps.forEach((c, i) => {
    put(fkp, i * 4, 4, TEXT_AT + c * width);
  });
  let chpx = 510;
  for (let i = 0; i < runs; i++) {
    const r = ranges.find((x) => x.start <= (cps[i] ?? 0) && (cps[i] ?? 0) < x.end);
    if (!r) continue;
    chpx -= 4;
    fkp.set([3, r.mark === 2 ? 0x00 : 0x01, 0x08, 0x01], chpx); // cb 3, sprm 0x0800/0x0801, operand 1
    fkp[(runs + 1) * 4 + i] = chpx / 2;
  }
  fkp[511] = runs;

  const word = new Uint8Array(Math.max(4096, fkpAt + 512));
  put(word, 0x00, 2, 0xa5ec);
  put(word, 0x02, 2, 0x00c1);
  put(word, 0x0a, 2, 0x0200 | (content.encrypted ? 0x0100 : 0));
  const lengths = [stories[0], stories[1]].map((s) => s?.text.length ?? 0);
  put(word, 0x4c, 4, lengths[0] ?? 0);
  put(word, 0x50, 4, lengths[1] ?? 0);
  put(word, 0x54, 4, hdd);
  put(word, 0x5c, 4, stories[3]?.text.length ?? 0);
  put(word, 0x60, 4, stories[4]?.text.length ?? 0);
  put(word, 0x64, 4, stories[5]?.text.length ?? 0);
  word.set(textBytes, TEXT_AT);
  word.set(fkp, fkpAt);

  // 1Table: the piece table (one piece), PlcBteChpx, PlcfHdd.
  const raw = content.compressed ? (TEXT_AT * 2) | 0x40000000 : TEXT_AT;
  const plcPcd = concat([le(4, 0), le(4, all.length), le(2, 0), le(4, raw), le(2, 0)]);
  const clx = concat([new Uint8Array([0x02]), le(4, plcPcd.length), plcPcd]);
  const bte = concat([le(4, TEXT_AT), le(4, TEXT_AT + textBytes.length), le(4, fkpAt / 512)]);
  // Six separator stories, then even/odd header, even/odd footer, first header/footer.
  const h = header.text.length;
  const hddCps = [0, 0, 0, 0, 0, 0, 0, 0, h, h, h + footer.text.length, hdd, hdd, hdd];
  const plcfHdd = concat(hddCps.map((c) => le(4, c)));
  const table = new Uint8Array(4096);
  let at = 0;
  const place = (bytes: Uint8Array, fcAt: number) => {
    table.set(bytes, at);
    put(word, fcAt, 4, at);
    put(word, fcAt + 4, 4, bytes.length);
    at += bytes.length;
  };
  place(clx, 0x01a2);
  place(bte, 0x00fa);
  if (hdd > 0) place(plcfHdd, 0x00f2);

  const streams: Array<[string, Uint8Array]> = [
    ['WordDocument', word],
    ['1Table', table],
  ];
  if (content.author) streams.push(['\x05SummaryInformation', summary(content.author)]);
  return compoundFile(streams);
}

/** A SummaryInformation property set: code page 936, author (4) and last saved by (8) as VT_LPSTR. */
function summary(author: string): Uint8Array {
  const lpstr = (text: string) => {
    const bytes = new Uint8Array(iconv.encode(`${text}\0`, 'gbk'));
    const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
    padded.set(bytes);
    return concat([le(4, 0x1e), le(4, bytes.length), padded]);
  };
  const props: Array<[number, Uint8Array]> = [
    [1, concat([le(4, 0x02), le(2, 936), le(2, 0)])],
    [4, lpstr(author)],
    [8, lpstr(author)],
  ];
  let offset = 8 + props.length * 8;
  const index: Uint8Array[] = [];
  for (const [id, value] of props) {
    index.push(le(4, id), le(4, offset));
    offset += value.length;
  }
  const set = concat([le(4, offset), le(4, props.length), ...index, ...props.map(([, v]) => v)]);
  const fmtid = new Uint8Array(Buffer.from('e0859ff2f94f6810ab9108002b27b3d9', 'hex'));
  return concat([le(2, 0xfffe), le(2, 0), le(4, 0x00020006), new Uint8Array(16), le(4, 1), fmtid, le(4, 48), set]);
}

/** [MS-CFB] version 3: 512-byte sectors, streams under 4096 bytes in the mini stream. */
function compoundFile(streams: ReadonlyArray<[string, Uint8Array]>): Uint8Array {
  const END = 0xfffffffe;
  const FREE = 0xffffffff;
  const sectors: Uint8Array[] = [];
  const fat: number[] = [0xfffffffd, END, END]; // FAT, directory, mini FAT
  const chain = (bytes: Uint8Array, size: number) => Math.max(1, Math.ceil(bytes.length / size));
  const mini: Uint8Array[] = [];
  const miniFat: number[] = [];
  const starts: number[] = [];
  for (const [, bytes] of streams) {
    if (bytes.length < 4096) {
      const n = chain(bytes, 64);
      starts.push(miniFat.length);
      for (let i = 0; i < n; i++) miniFat.push(i === n - 1 ? END : miniFat.length + 1);
      const padded = new Uint8Array(n * 64);
      padded.set(bytes);
      mini.push(padded);
    } else {
      const n = chain(bytes, 512);
      starts.push(3 + sectors.length);
      for (let i = 0; i < n; i++) {
        fat.push(i === n - 1 ? END : fat.length + 1);
        sectors.push(bytes.subarray(i * 512, i * 512 + 512));
      }
    }
  }
  const miniStream = concat(mini);
  const miniStart = 3 + sectors.length;
  const miniSectors = chain(miniStream, 512);
  for (let i = 0; i < miniSectors; i++) {
    fat.push(i === miniSectors - 1 ? END : fat.length + 1);
    sectors.push(miniStream.subarray(i * 512, i * 512 + 512));
  }
  const entry = (name: string, type: number, start: number, size: number, child = FREE, right = FREE) => {
    const e = new Uint8Array(128);
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    e.set(encoded, 0);
    put(e, 64, 2, encoded.length);
    e[66] = type;
    e[67] = 1;
    put(e, 68, 4, FREE);
    put(e, 72, 4, right);
    put(e, 76, 4, child);
    put(e, 116, 4, start);
    put(e, 120, 4, size);
    return e;
  };
  // Root → first stream; each stream's right sibling is the next (a degenerate but valid tree).
  const dir = [entry('Root Entry', 5, miniStream.length > 0 ? miniStart : END, miniStream.length, 1)];
  streams.forEach(([name, bytes], i) => {
    dir.push(entry(name, 2, starts[i] ?? END, bytes.length, FREE, i + 2 < streams.length + 1 ? i + 2 : FREE));
  });
  const directory = new Uint8Array(512);
  dir.slice(0, 4).forEach((e, i) => {
    directory.set(e, i * 128);
  });
  const fatSector = new Uint8Array(512).fill(0xff);
  fat.forEach((v, i) => {
    put(fatSector, i * 4, 4, v);
  });
  const miniFatSector = new Uint8Array(512).fill(0xff);
  miniFat.forEach((v, i) => {
    put(miniFatSector, i * 4, 4, v);
  });
  const header = new Uint8Array(512);
  header.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  put(header, 0x18, 2, 0x3e);
  put(header, 0x1a, 2, 3);
  put(header, 0x1c, 2, 0xfffe);
  put(header, 0x1e, 2, 9);
  put(header, 0x20, 2, 6);
  put(header, 0x2c, 4, 1);
  put(header, 0x30, 4, 1);
  put(header, 0x38, 4, 4096);
  put(header, 0x3c, 4, miniFat.length > 0 ? 2 : END);
  put(header, 0x40, 4, miniFat.length > 0 ? 1 : 0);
  put(header, 0x44, 4, END);
  for (let i = 0; i < 109; i++) put(header, 0x4c + i * 4, 4, i === 0 ? 0 : FREE);
  const padded = sectors.map((s) => {
    const p = new Uint8Array(512);
    p.set(s);
    return p;
  });
  return concat([header, fatSector, directory, miniFatSector, ...padded]);
}

/** Patches one FAT entry of a built file: `sector`'s next becomes `next` (to make a chain loop). */
export function withFatEntry(doc: Uint8Array, sector: number, next: number): Uint8Array {
  const copy = doc.slice();
  put(copy, 512 + sector * 4, 4, next);
  return copy;
}
