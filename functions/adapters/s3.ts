import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentFiles } from '../../shared/ports';

export interface S3FilesConfig {
  readonly intakeBucket: string;
  readonly publicBucket: string;
  /** Base URL the public reads copies from (CloudFront on AWS, the local server locally). */
  readonly publicBaseUrl: string;
}

/** Originals in the intake bucket, public copies in the public bucket. */
export class S3Files implements DocumentFiles {
  constructor(
    private readonly client: S3Client,
    private readonly config: S3FilesConfig,
    /** Presigning may need a different endpoint than the server uses (the browser's view). */
    private readonly presignClient: S3Client = client,
  ) {}

  async readOriginal(key: string, versionId?: string) {
    const out = await this.client.send(
      new GetObjectCommand({
        Bucket: this.config.intakeBucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
    if (!out.Body) throw new Error(`object ${key} has no body`);
    return {
      bytes: await out.Body.transformToByteArray(),
      ...(out.ContentType ? { contentType: out.ContentType } : {}),
    };
  }

  async exists(key: string) {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.intakeBucket, Key: key }));
      return true;
    } catch (err) {
      if (err instanceof Error && (err.name === 'NotFound' || err.name === 'NoSuchKey')) return false;
      throw err;
    }
  }

  async putIntake(key: string, bytes: Uint8Array, contentType: string) {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.config.intakeBucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }

  async putPublicCopy(key: string, bytes: Uint8Array, contentType: string, downloadName: string) {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.publicBucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        // Served as a download: a published HTML file never runs on the dashboard's origin.
        ContentDisposition: attachment(downloadName),
      }),
    );
  }

  async removePublicCopy(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.publicBucket, Key: key }));
  }

  presignUpload(key: string, contentType: string, expiresInSeconds: number) {
    return getSignedUrl(
      this.presignClient,
      new PutObjectCommand({ Bucket: this.config.intakeBucket, Key: key, ContentType: contentType }),
      { expiresIn: expiresInSeconds },
    );
  }

  publicUrl(key: string) {
    return `${this.config.publicBaseUrl.replace(/\/$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
