import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { DropAuthority } from '../../shared/model/batch';
import type { DropBox, DroppedObject } from '../../shared/ports';

/** The intake bucket's drop folders (batches/, uploads/<agency>/…) on S3 or s3rver. */
export class S3Drops implements DropBox {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    readonly authority: DropAuthority,
  ) {}

  async list(prefix: string) {
    const found: Array<{ key: string; size: number }> = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) found.push({ key: object.Key, size: object.Size ?? 0 });
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return found;
  }

  async head(key: string): Promise<DroppedObject | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: out.ContentLength ?? 0,
        ...(out.ETag ? { etag: out.ETag.replace(/"/g, '') } : {}),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
        metadata: Object.fromEntries(Object.entries(out.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      };
    } catch (err) {
      if (err instanceof Error && (err.name === 'NotFound' || err.name === 'NoSuchKey')) return undefined;
      throw err;
    }
  }

  async read(key: string) {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!out.Body) throw new Error(`object ${key} has no body`);
    return out.Body.transformToByteArray();
  }

  async copyToUpload(from: string, to: string, contentType: string) {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: to,
        CopySource: `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
        // Stored as the type it was registered as; the bytes are still sniffed against it at Intake.
        MetadataDirective: 'REPLACE',
        ContentType: contentType,
      }),
    );
  }

  async putReport(key: string, json: string) {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: json, ContentType: 'application/json' }),
    );
  }
}
