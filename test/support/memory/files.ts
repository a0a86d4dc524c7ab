import { randomUUID } from 'node:crypto';
import type { DocumentFiles } from '../../../shared/ports';

/** An object as a bucket keeps it: its bytes, type and (the intake bucket is versioned) version. */
export interface StoredObject {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
  readonly versionId: string;
  /** Public copies: the name they download under. */
  readonly downloadName?: string;
}

/** What S3 answers for an object (or version) that is not there: an error named by its code. */
function s3Error(name: 'NoSuchKey' | 'NoSuchVersion', message: string): Error {
  return Object.assign(new Error(message), { name, Code: name, $fault: 'client', $metadata: { httpStatusCode: 404 } });
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

const PRESIGNED = /^memory:\/\/intake\/([^?]*)\?(.*)$/;

/**
 * The intake and public buckets in memory, as S3Files uses them: originals (every version kept)
 * and public copies, each with its content type. A test plays the browser with `put` (or
 * `putPresigned`, given a URL from presignUpload) and reads what the pipeline published with
 * `readPublic`.
 */
export class MemoryFiles implements DocumentFiles {
  private readonly intake = new Map<string, StoredObject[]>();
  private readonly public = new Map<string, StoredObject>();

  constructor(private readonly publicBaseUrl = '') {}

  /** An upload into the intake bucket (what a browser does with a presigned URL); returns its version. */
  put(key: string, bytes: Uint8Array | string, contentType: string): { versionId: string } {
    const object = store(bytes, contentType);
    const versions = this.intake.get(key) ?? [];
    versions.push(object);
    this.intake.set(key, versions);
    return { versionId: object.versionId };
  }

  /** PUTs to a URL presignUpload handed out, with the content type it was signed for. */
  putPresigned(url: string, bytes: Uint8Array | string): { versionId: string } {
    const match = PRESIGNED.exec(url);
    if (!match) throw new Error(`not a presigned memory upload URL: ${url}`);
    const contentType = new URLSearchParams(match[2]).get('contentType') ?? 'binary/octet-stream';
    return this.put(decodeURIComponent(match[1] ?? ''), bytes, contentType);
  }

  /** A public copy as the public reads it, undefined when none was put. */
  readPublic(key: string): { bytes: Uint8Array; contentType?: string; downloadName?: string } | undefined {
    const object = this.public.get(key);
    return object
      ? { ...read(object), ...(object.downloadName ? { downloadName: object.downloadName } : {}) }
      : undefined;
  }

  /** The keys of the intake and public buckets (for assertions). */
  keys(bucket: 'intake' | 'public'): string[] {
    return [...(bucket === 'intake' ? this.intake : this.public).keys()].sort();
  }

  async readOriginal(key: string, versionId?: string) {
    const versions = this.intake.get(key);
    if (!versions?.length) throw s3Error('NoSuchKey', 'The specified key does not exist.');
    const object = versionId === undefined ? versions.at(-1) : versions.find((v) => v.versionId === versionId);
    if (!object) throw s3Error('NoSuchVersion', 'The specified version does not exist.');
    return read(object);
  }

  async putPublicCopy(key: string, bytes: Uint8Array, contentType: string, downloadName: string) {
    this.public.set(key, { ...store(bytes, contentType), downloadName });
  }

  async removePublicCopy(key: string) {
    this.public.delete(key);
  }

  async putIntake(key: string, bytes: Uint8Array, contentType: string) {
    this.put(key, bytes, contentType);
  }

  async exists(key: string) {
    return (this.intake.get(key)?.length ?? 0) > 0;
  }

  async presignUpload(key: string, contentType: string, expiresInSeconds: number) {
    const query = new URLSearchParams({ contentType, expiresIn: String(expiresInSeconds) });
    return `memory://intake/${encodeKey(key)}?${query}`;
  }

  publicUrl(key: string) {
    return `${this.publicBaseUrl.replace(/\/$/, '')}/${encodeKey(key)}`;
  }
}

function store(bytes: Uint8Array | string, contentType: string): StoredObject {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes);
  return { bytes: body, ...(contentType ? { contentType } : {}), versionId: randomUUID() };
}

function read(object: StoredObject): { bytes: Uint8Array; contentType?: string } {
  return { bytes: new Uint8Array(object.bytes), ...(object.contentType ? { contentType: object.contentType } : {}) };
}
