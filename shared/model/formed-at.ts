/**
 * The dates formedAt may take: 2000-01-01 … a year from today (Beijing). Its year decides the
 * score year the deadline falls in, so a typo such as 1900 or 9999 would make a year nobody reads.
 * Checked at registration (shared/pipeline/upload.ts); the dashboard's form offers the same window.
 */
export const EARLIEST_FORMED_AT = '2000-01-01';

/** The latest formedAt accepted on `today` (YYYY-MM-DD): a year later (29 February → 28 February). */
export function latestFormedAt(today: string): string {
  const next = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return next.endsWith('-02-29') ? `${next.slice(0, 8)}28` : next;
}

/** Whether formedAt lies in the window on `today`. */
export function formedAtInWindow(formedAt: string, today: string): boolean {
  return formedAt >= EARLIEST_FORMED_AT && formedAt <= latestFormedAt(today);
}
