import type { Locale } from './types';

/** Dates are shown on the district's clock, whatever the browser's time zone. */
const TIME_ZONE = 'Asia/Shanghai';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface Formatters {
  /** A calendar date (YYYY-MM-DD or an ISO timestamp). */
  date(value: string | null | undefined): string;
  /** A moment, with the time of day. */
  dateTime(value: string | null | undefined): string;
  number(value: number): string;
  /** A ratio in 0..1 as a percentage; null as a dash. */
  percent(value: number | null | undefined, digits?: number): string;
}

export function createFormatters(locale: Locale): Formatters {
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE });
  // A bare date is a calendar day: format it in UTC so no time zone can shift it.
  const dayFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  });
  const numberFmt = new Intl.NumberFormat(locale);
  const percentFmts = new Map<number, Intl.NumberFormat>();
  const percentFmt = (digits: number) => {
    let fmt = percentFmts.get(digits);
    if (!fmt) {
      fmt = new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      percentFmts.set(digits, fmt);
    }
    return fmt;
  };
  const parse = (value: string) => {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : new Date(ms);
  };
  return {
    date(value) {
      if (!value) return '—';
      const d = parse(value);
      if (!d) return value;
      return (DATE_ONLY.test(value) ? dayFmt : dateFmt).format(d);
    },
    dateTime(value) {
      if (!value) return '—';
      const d = parse(value);
      if (!d) return value;
      // A deadline given as a day has no time of day to show.
      return DATE_ONLY.test(value) ? dayFmt.format(d) : dateTimeFmt.format(d);
    },
    number: (value) => numberFmt.format(value),
    percent(value, digits = 1) {
      if (value === null || value === undefined || Number.isNaN(value)) return '—';
      return percentFmt(digits).format(value);
    },
  };
}
