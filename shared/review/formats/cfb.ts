/**
 * A compound file ([MS-CFB], the container of Office 97–2003 files) that does not believe the
 * file: every sector chain is walked at most once over sectors that exist (a chain that loops or
 * points outside the file is an error, not an endless loop), streams are cut to their declared
 * size, and the directory tree is walked with each entry visited once. Only what the DOC reader
 * needs: the streams at the root, by name.
 */

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

export class CompoundFile {
  private readonly sectorSize: number;
  private readonly sectorCount: number;
  private readonly fat: Uint32Array;
  private readonly miniFat: Uint32Array;
  private readonly miniStream: Uint8Array;
  private readonly cutoff: number;
  private readonly streams = new Map<string, { start: number; size: number }>();

  constructor(private readonly bytes: Uint8Array) {
    if (bytes.length < 512 || u32(bytes, 0) !== 0xe011cfd0 || u32(bytes, 4) !== 0xe11ab1a1) {
      throw new Error('not a compound file');
    }
    const shift = u16(bytes, 0x1e);
    if (shift !== 9 && shift !== 12) throw new Error(`sector size 2^${shift} is not 512 or 4096`);
    this.sectorSize = 1 << shift;
    this.sectorCount = Math.floor((bytes.length - this.sectorSize) / this.sectorSize) + 1;
    this.cutoff = u32(bytes, 0x38) || 4096;

    // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
    const fatSectors: number[] = [];
    const fatCount = u32(bytes, 0x2c);
    if (fatCount > this.sectorCount) throw new Error('more FAT sectors than the file has');
    for (let i = 0; i < 109 && fatSectors.length < fatCount; i++) fatSectors.push(u32(bytes, 0x4c + i * 4));
    let difat = u32(bytes, 0x44);
    const seen = new Set<number>();
    while (fatSectors.length < fatCount && difat !== END_OF_CHAIN && difat !== FREE) {
      if (seen.has(difat) || difat >= this.sectorCount) throw new Error('broken DIFAT chain');
      seen.add(difat);
      const sector = this.sector(difat);
      const per = this.sectorSize / 4 - 1;
      for (let i = 0; i < per && fatSectors.length < fatCount; i++) fatSectors.push(u32(sector, i * 4));
      difat = u32(sector, this.sectorSize - 4);
    }
    this.fat = new Uint32Array(fatSectors.length * (this.sectorSize / 4));
    fatSectors.forEach((s, i) => {
      const sector = this.sector(s);
      for (let j = 0; j < this.sectorSize / 4; j++) this.fat[i * (this.sectorSize / 4) + j] = u32(sector, j * 4);
    });

    const directory = this.read(u32(bytes, 0x30), this.fat, this.sectorSize, (s) => this.sector(s));
    const entries = Math.floor(directory.length / 128);
    const entry = (i: number) => {
      const at = i * 128;
      const nameLength = Math.min(64, u16(directory, at + 64));
      const name = new TextDecoder('utf-16le').decode(directory.subarray(at, at + Math.max(0, nameLength - 2)));
      return {
        name,
        type: directory[at + 66] ?? 0,
        left: u32(directory, at + 68),
        right: u32(directory, at + 72),
        child: u32(directory, at + 76),
        start: u32(directory, at + 116),
        size: u32(directory, at + 120),
      };
    };
    if (entries === 0) throw new Error('no directory');
    const root = entry(0);
    if (root.type !== 5) throw new Error('no root entry');
    const miniFatBytes = this.read(u32(bytes, 0x3c), this.fat, this.sectorSize, (s) => this.sector(s));
    this.miniFat = new Uint32Array(Math.floor(miniFatBytes.length / 4));
    for (let i = 0; i < this.miniFat.length; i++) this.miniFat[i] = u32(miniFatBytes, i * 4);
    this.miniStream = this.read(root.start, this.fat, this.sectorSize, (s) => this.sector(s)).subarray(0, root.size);

    // The root's children: a red-black tree through left/right, each entry once.
    const visited = new Set<number>();
    const pending = [root.child];
    while (pending.length > 0) {
      const id = pending.pop() as number;
      if (id === FREE || id >= entries || visited.has(id)) continue;
      visited.add(id);
      const e = entry(id);
      if (e.type === 2 && !this.streams.has(e.name)) this.streams.set(e.name, { start: e.start, size: e.size });
      pending.push(e.left, e.right);
    }
  }

  has(name: string): boolean {
    return this.streams.has(name);
  }

  /** A stream at the root, cut to its declared size. */
  stream(name: string): Uint8Array {
    const found = this.streams.get(name);
    if (!found) throw new Error(`no ${name} stream`);
    const data =
      found.size < this.cutoff
        ? this.read(found.start, this.miniFat, 64, (s) => {
            if (s * 64 >= this.miniStream.length) throw new Error(`mini sector ${s} lies outside the mini stream`);
            return this.miniStream.subarray(s * 64, s * 64 + 64);
          })
        : this.read(found.start, this.fat, this.sectorSize, (s) => this.sector(s));
    if (data.length < found.size) throw new Error(`${name} stream is shorter than it declares`);
    return data.subarray(0, found.size);
  }

  private sector(id: number): Uint8Array {
    if (id >= this.sectorCount) throw new Error(`sector ${id} lies outside the file`);
    const at = (id + 1) * this.sectorSize;
    return this.bytes.subarray(at, at + this.sectorSize);
  }

  /** The sectors of a chain, each at most once: a loop is an error. */
  private read(start: number, table: Uint32Array, size: number, sector: (id: number) => Uint8Array): Uint8Array {
    const ids: number[] = [];
    const seen = new Set<number>();
    for (let id = start; id !== END_OF_CHAIN && id !== FREE; id = table[id] ?? FREE) {
      if (seen.has(id) || id >= table.length) throw new Error('broken sector chain');
      seen.add(id);
      ids.push(id);
    }
    const out = new Uint8Array(ids.length * size);
    ids.forEach((id, i) => {
      out.set(sector(id), i * size);
    });
    return out;
  }
}
