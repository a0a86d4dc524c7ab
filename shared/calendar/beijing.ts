import type { IsoDate } from './iso-date';

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The calendar day in Beijing (UTC+8, no DST) of an instant: deadlines, index-number years and
 * score years follow China's calendar, whatever the server's time zone.
 */
export function beijingDate(at: Date | string): IsoDate {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(time + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The year in Beijing of an instant. */
export function beijingYear(at: Date | string): number {
  return Number(beijingDate(at).slice(0, 4));
}

/** The instant a Beijing calendar day begins, as an ISO timestamp (UTC). */
export function beijingMidnight(date: IsoDate): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS).toISOString();
}
