import { ValidationError } from '../model/errors';

/**
 * 索引号 `AAAA-CC-YYYY-NNNNNN`: agency code, category code, year, per-agency-per-year sequence
 * (the seed's own is `0101-02-2017-000641`).
 */
export function formatIndexNumber(agencyCode: string, categoryCode: string, year: number, sequence: number): string {
  if (!/^\d{4}$/.test(agencyCode)) throw new ValidationError(`agency code must be 4 digits, got "${agencyCode}"`);
  if (!/^\d{2}$/.test(categoryCode)) throw new ValidationError(`category code must be 2 digits, got "${categoryCode}"`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new ValidationError(`bad year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new ValidationError(`index sequence out of range (1..999999): ${sequence}`);
  }
  return `${agencyCode}-${categoryCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

export const INDEX_NUMBER_PATTERN = /^\d{4}-\d{2}-\d{4}-\d{6}$/;
