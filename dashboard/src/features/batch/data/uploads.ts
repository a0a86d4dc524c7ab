import { OpenedBatchSchema, type SentRows, SentRowsSchema, UploadUrlSchema } from '../../../../../shared/api/responses';
import { ApiError, api } from '../../../lib/api';
import { rememberBatch } from './resume';
import type { GridRow } from './rows';

/** Where one file's upload stands. */
export interface FileProgress {
  readonly file: string;
  readonly documentId: string;
  readonly state: 'waiting' | 'uploading' | 'retrying' | 'done' | 'failed';
  readonly loaded: number;
  readonly total: number;
  readonly attempt: number;
  readonly error?: string;
}

export type SentRow = SentRows['rows'][number];

/** Uploads at once; tries of each file (a dropped connection, an expired link). */
const PARALLEL = 3;
const TRIES = 3;
const ROWS_PER_REQUEST = 100;

/** PUTs a file to a presigned URL, telling how far it got. */
function put(url: string, file: Blob, contentType: string, onProgress: (loaded: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`HTTP ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('network'));
    xhr.onabort = () => reject(new Error('aborted'));
    xhr.send(file);
  });
}

/** Opens a batch and registers its rows; the server checks each row again and answers for each. */
export async function registerRows(label: string, rows: ReadonlyArray<{ row: number; cells: GridRow }>) {
  const batch = OpenedBatchSchema.parse(
    await api('/api/batches', OpenedBatchSchema, { method: 'POST', body: { label } }),
  );
  rememberBatch({ id: batch.id, label });
  const sent: SentRow[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_REQUEST) {
    const part = rows.slice(i, i + ROWS_PER_REQUEST).map(({ row, cells }) => ({
      row,
      cells: Object.fromEntries(Object.entries(cells).filter(([, v]) => v.trim() !== '')),
    }));
    const answer = await api(`/api/batches/${batch.id}/rows`, SentRowsSchema, { method: 'POST', body: { rows: part } });
    sent.push(...answer.rows);
  }
  return { batch, sent };
}

/**
 * Uploads each registered row's file with its own presigned PUT, a few at a time, each with its
 * progress. A PUT that fails (a dropped connection, a link that expired) asks for a fresh link for
 * the same document and tries again; what arrived stays arrived whatever happens to the page.
 */
export async function uploadFiles(
  jobs: ReadonlyArray<{ documentId: string; file: File; contentType: string; uploadUrl?: string }>,
  onProgress: (progress: FileProgress) => void,
): Promise<FileProgress[]> {
  const results: FileProgress[] = [];
  const one = async (job: (typeof jobs)[number]) => {
    const base = { file: job.file.name, documentId: job.documentId, total: job.file.size };
    let url = job.uploadUrl;
    for (let attempt = 1; ; attempt++) {
      try {
        url ??= (await api(`/api/documents/${job.documentId}/upload-url`, UploadUrlSchema, { method: 'POST' }))
          .uploadUrl;
        onProgress({ ...base, state: 'uploading', loaded: 0, attempt });
        await put(url, job.file, job.contentType, (loaded) =>
          onProgress({ ...base, state: 'uploading', loaded, attempt }),
        );
        const done: FileProgress = { ...base, state: 'done', loaded: job.file.size, attempt };
        onProgress(done);
        results.push(done);
        return;
      } catch (err) {
        // The document left DRAFT: the file arrived after all (only its answer was lost).
        if (err instanceof ApiError && err.status === 409) {
          const done: FileProgress = { ...base, state: 'done', loaded: job.file.size, attempt };
          onProgress(done);
          results.push(done);
          return;
        }
        const error = err instanceof Error ? err.message : String(err);
        if (attempt >= TRIES) {
          const failed: FileProgress = { ...base, state: 'failed', loaded: 0, attempt, error };
          onProgress(failed);
          results.push(failed);
          return;
        }
        onProgress({ ...base, state: 'retrying', loaded: 0, attempt: attempt + 1, error });
        url = undefined;
        await new Promise((r) => setTimeout(r, 800 * attempt));
      }
    }
  };
  for (const job of jobs)
    onProgress({
      file: job.file.name,
      documentId: job.documentId,
      total: job.file.size,
      state: 'waiting',
      loaded: 0,
      attempt: 0,
    });
  for (let i = 0; i < jobs.length; i += PARALLEL) await Promise.all(jobs.slice(i, i + PARALLEL).map(one));
  return results;
}
