import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type AuditDigest, AuditDigestSchema, parseStoredDigest } from '../../shared/model/audit';
import type { AuditDigests } from '../../shared/ports';

/** Where a day's digest lives in the bucket. */
export const DIGEST_PREFIX = 'digests/';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The daily audit digests in an S3 bucket with Object Lock in compliance mode (infra/constructs/
 * storage.ts): each day's digest is put once, conditional on the key being free (If-None-Match),
 * and its default retention keeps every version from being deleted or overwritten by anyone.
 */
export class S3AuditDigests implements AuditDigests {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(digest: AuditDigest): Promise<boolean> {
    const valid = AuditDigestSchema.parse(digest);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: `${DIGEST_PREFIX}${valid.date}.json`,
          Body: `${JSON.stringify(valid, null, 2)}\n`,
          ContentType: 'application/json',
          // Object Lock refuses a put without an integrity checksum.
          ChecksumAlgorithm: 'SHA256',
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (err) {
      // 412: the day has a digest; 409: another put of it is under way (and will be the one kept).
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || status === 409) return false;
      throw err;
    }
  }

  async list(): Promise<string[]> {
    const days: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: DIGEST_PREFIX, ContinuationToken }),
      );
      for (const object of page.Contents ?? []) {
        const day = object.Key?.slice(DIGEST_PREFIX.length).replace(/\.json$/, '');
        if (day && DAY.test(day)) days.push(day);
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return days.sort();
  }

  async get(date: string): Promise<AuditDigest | undefined> {
    if (!DAY.test(date)) return undefined;
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `${DIGEST_PREFIX}${date}.json` }),
      );
      return parseStoredDigest((await out.Body?.transformToString('utf8')) ?? '', date);
    } catch (err) {
      if (err instanceof Error && err.name === 'NoSuchKey') return undefined;
      throw err;
    }
  }
}
