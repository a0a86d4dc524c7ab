import type { DropAuthority } from '../../../shared/model/batch';
import type { DropBox, DroppedObject } from '../../../shared/ports';
import type { MemoryFiles } from './files';

/**
 * The intake bucket's drop folders over MemoryFiles' objects, with the user metadata S3 keeps
 * beside them. A test drops files with `drop` (what `aws s3 cp` does); `copies` lists what the
 * importer handed to the flow.
 */
export class MemoryDrops implements DropBox {
  private readonly metadata = new Map<string, Record<string, string>>();
  /** Every copy to an upload key, in order: each one is an Object Created event, an execution. */
  readonly copies: Array<{ readonly from: string; readonly to: string }> = [];

  constructor(
    private readonly files: MemoryFiles,
    readonly authority: DropAuthority = 'grant',
  ) {}

  /** Puts an object into a drop folder with its `x-amz-meta-*` metadata (names as S3 keeps them, lower case). */
  drop(
    key: string,
    bytes: Uint8Array | string,
    contentType = 'binary/octet-stream',
    metadata: Record<string, string> = {},
  ) {
    this.metadata.set(key, Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k.toLowerCase(), v])));
    return this.files.put(key, bytes, contentType);
  }

  async list(prefix: string) {
    const keys = this.files.keys('intake').filter((key) => key.startsWith(prefix));
    return Promise.all(keys.map(async (key) => ({ key, size: (await this.files.readOriginal(key)).bytes.byteLength })));
  }

  async head(key: string): Promise<DroppedObject | undefined> {
    if (!(await this.files.exists(key))) return undefined;
    const { bytes, contentType } = await this.files.readOriginal(key);
    return {
      key,
      size: bytes.byteLength,
      ...(contentType ? { contentType } : {}),
      metadata: { ...this.metadata.get(key) },
    };
  }

  async read(key: string) {
    return (await this.files.readOriginal(key)).bytes;
  }

  async copyToUpload(from: string, to: string, contentType: string) {
    const { bytes } = await this.files.readOriginal(from);
    this.files.put(to, bytes, contentType);
    this.copies.push({ from, to });
  }

  async putReport(key: string, json: string) {
    this.files.put(key, json, 'application/json');
  }
}
