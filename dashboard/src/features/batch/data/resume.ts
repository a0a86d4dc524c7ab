/**
 * The batches this browser was uploading: their ids and names, so that a reopened page says what is
 * left. Nothing else is kept here (no token, no file): what is registered and what arrived, the
 * server knows (GET /api/batches/:id).
 */
const KEY = 'gongkai.batches.unfinished';

export interface Unfinished {
  readonly id: string;
  readonly label: string;
}

export function unfinishedBatches(): Unfinished[] {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(value)
      ? value.filter((v): v is Unfinished => typeof v?.id === 'string' && typeof v?.label === 'string')
      : [];
  } catch {
    return [];
  }
}

export function rememberBatch(batch: Unfinished): void {
  localStorage.setItem(
    KEY,
    JSON.stringify([batch, ...unfinishedBatches().filter((b) => b.id !== batch.id)].slice(0, 20)),
  );
}

export function forgetBatch(id: string): void {
  localStorage.setItem(KEY, JSON.stringify(unfinishedBatches().filter((b) => b.id !== id)));
}
