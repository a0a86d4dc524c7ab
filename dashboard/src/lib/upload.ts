import { ApiError } from './api';

/** PUTs a file to a presigned URL with the Content-Type it was signed for. */
export async function putFile(url: string, file: Blob, contentType: string, failed: (status: number) => string) {
  const put = await fetch(url, { method: 'PUT', headers: { 'Content-Type': contentType }, body: file }).catch(() => {
    throw new ApiError(0, 'network', '');
  });
  if (!put.ok) throw new ApiError(put.status, 'upload_failed', failed(put.status));
}
