/**
 * A ZIP reader that does not believe the archive: sizes are checked against the limits as the
 * central directory declares them, and again while inflating, counting the bytes that really come
 * out, so a 300 MB entry is stopped at the first megabytes beyond what it declared or what is
 * allowed, whatever its header says. Entries are inflated only when read. Whoever parses the
 * content (the DOCX, XLSX and OFD readers in ./formats/) reads exactly the entries inflated here: no
 * second ZIP parser that might see a different archive.
 */
import { Inflate } from 'fflate';
import { count, megabytes, ScanLimitError } from './limits';

export interface ZipLimits {
  readonly entries: number;
  readonly entryBytes: number;
  readonly totalBytes: number;
  /** What the archive is called in reasons ("DOCX"). */
  readonly label: string;
}

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** Compressed bytes fed to the inflater at a time: DEFLATE expands at most ~1032:1, so ≤ 4 MB out. */
const CHUNK = 4096;

export class ZipArchive {
  private readonly entries = new Map<string, Entry>();
  /** Bytes inflated so far, over every read: the total cap holds across entries. */
  private inflated = 0;

  /** Reads the central directory; throws ScanLimitError past a limit, Error when it is not a ZIP. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: ZipLimits,
  ) {
    const { entries, directoryOffset } = endOfDirectory(bytes);
    if (entries > limits.entries) {
      throw new ScanLimitError(
        `${limits.label} has ${count(entries)} ZIP entries, more than ${count(limits.entries)}: too many to scan automatically`,
      );
    }
    let declared = 0;
    let at = directoryOffset;
    for (let i = 0; i < entries; i++) {
      const { entry, next } = directoryEntry(bytes, at);
      at = next;
      if (this.entries.has(entry.name)) throw new Error(`two ZIP entries are named ${entry.name}`);
      this.entries.set(entry.name, entry);
      if (entry.size > limits.entryBytes) throw this.entryTooLarge(entry.name);
      declared += entry.size;
      if (declared > limits.totalBytes) throw this.tooLarge();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Every entry's name, in the order of the central directory. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry's bytes; throws ScanLimitError when it inflates beyond a limit. */
  read(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no ZIP entry ${name}`);
    const data = this.data(entry);
    const cap = Math.min(this.limits.entryBytes, this.limits.totalBytes - this.inflated);
    if (entry.method === 0) {
      if (data.length > cap) throw this.exceeded(entry, data.length);
      this.inflated += data.length;
      return data;
    }
    if (entry.method !== 8) throw new Error(`ZIP entry ${name} uses compression method ${entry.method}`);

    const chunks: Uint8Array[] = [];
    let produced = 0;
    let stop: Error | undefined;
    const inflater = new Inflate((chunk) => {
      produced += chunk.length;
      // The declared size is where an honest entry ends: more is a lie, whatever the caps allow.
      if (produced > entry.size) stop ??= this.lied(entry);
      else if (produced > cap) stop ??= this.exceeded(entry, produced);
      else chunks.push(chunk);
    });
    for (let offset = 0; offset < data.length && !stop; offset += CHUNK) {
      const end = Math.min(offset + CHUNK, data.length);
      inflater.push(data.subarray(offset, end), end === data.length);
    }
    if (stop) throw stop;
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
    this.inflated += produced;
    return concat(chunks, produced);
  }

  private data(entry: Entry): Uint8Array {
    const at = entry.localOffset;
    if (u32(this.bytes, at) !== 0x04034b50) throw new Error(`ZIP entry ${entry.name} has no local header`);
    const start = at + 30 + u16(this.bytes, at + 26) + u16(this.bytes, at + 28);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw new Error(`ZIP entry ${entry.name} runs past the end of the file`);
    return this.bytes.subarray(start, end);
  }

  private exceeded(entry: Entry, produced: number): ScanLimitError {
    return produced > this.limits.entryBytes ? this.entryTooLarge(entry.name) : this.tooLarge();
  }

  private tooLarge(): ScanLimitError {
    const { label, totalBytes } = this.limits;
    return new ScanLimitError(`${label} expands beyond ${megabytes(totalBytes)}: too large to scan automatically`);
  }

  private entryTooLarge(name: string): ScanLimitError {
    const { label, entryBytes } = this.limits;
    return new ScanLimitError(
      `${label} part ${name} expands beyond ${megabytes(entryBytes)}: too large to scan automatically`,
    );
  }

  private lied(entry: Entry): ScanLimitError {
    return new ScanLimitError(
      `${this.limits.label} part ${entry.name} expands beyond the ${count(entry.size)} bytes its ZIP header declares: ` +
        'crafted or corrupt, not scanned automatically',
    );
  }
}

/**
 * The entry names in the central directory, without inflating anything; null when there is no
 * readable directory (truncated, not a ZIP) or more than `max` entries. What sniffing reads.
 */
export function zipEntryNames(bytes: Uint8Array, max: number): string[] | null {
  try {
    const { entries, directoryOffset } = endOfDirectory(bytes);
    if (entries > max) return null;
    const names: string[] = [];
    let at = directoryOffset;
    for (let i = 0; i < entries; i++) {
      const { entry, next } = directoryEntry(bytes, at);
      names.push(entry.name);
      at = next;
    }
    return names;
  } catch {
    return null;
  }
}

/** The end-of-central-directory record (ZIP64 when its fields overflow). */
function endOfDirectory(bytes: Uint8Array): { entries: number; directoryOffset: number } {
  const last = bytes.length - 22;
  let at = -1;
  // The record ends with a comment of at most 65,535 bytes.
  for (let i = last; i >= 0 && i >= last - 65_535; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new Error('no ZIP central directory (truncated?)');
  let entries = u16(bytes, at + 10);
  let directoryOffset = u32(bytes, at + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) {
    const locator = at - 20;
    if (locator >= 0 && u32(bytes, locator) === 0x07064b50) {
      const zip64 = u64(bytes, locator + 8);
      if (u32(bytes, zip64) !== 0x06064b50) throw new Error('broken ZIP64 end of central directory');
      entries = u64(bytes, zip64 + 32);
      directoryOffset = u64(bytes, zip64 + 48);
    }
  }
  if (directoryOffset >= bytes.length) throw new Error('ZIP central directory lies outside the file');
  return { entries, directoryOffset };
}

function directoryEntry(bytes: Uint8Array, at: number): { entry: Entry; next: number } {
  if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) throw new Error('broken ZIP central directory');
  const flags = u16(bytes, at + 8);
  const method = u16(bytes, at + 10);
  let compressedSize = u32(bytes, at + 20);
  let size = u32(bytes, at + 24);
  const nameLength = u16(bytes, at + 28);
  const extraLength = u16(bytes, at + 30);
  const commentLength = u16(bytes, at + 32);
  let localOffset = u32(bytes, at + 42);
  const nameEnd = at + 46 + nameLength;
  const next = nameEnd + extraLength + commentLength;
  if (next > bytes.length) throw new Error('broken ZIP central directory');
  const name = new TextDecoder().decode(bytes.subarray(at + 46, nameEnd));
  if (flags & 1) throw new Error(`ZIP entry ${name} is encrypted`);
  // ZIP64: the fields that overflowed are in the extra field 0x0001, in this order.
  if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
    for (let x = nameEnd; x + 4 <= nameEnd + extraLength; ) {
      const id = u16(bytes, x);
      const length = u16(bytes, x + 2);
      if (id === 0x0001) {
        let field = x + 4;
        const take = () => {
          const value = u64(bytes, field);
          field += 8;
          return value;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
        break;
      }
      x += 4 + length;
    }
  }
  return { entry: { name, method, compressedSize, size, localOffset }, next };
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
}

/** Past 2^53 it is no honest size or offset: Infinity fails every check that follows. */
function u64(bytes: Uint8Array, at: number): number {
  const value = u32(bytes, at) + u32(bytes, at + 4) * 2 ** 32;
  return Number.isSafeInteger(value) ? value : Number.POSITIVE_INFINITY;
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
