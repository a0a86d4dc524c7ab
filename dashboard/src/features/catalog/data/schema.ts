import { z } from 'zod';
import type { Choice } from '../../../components/choice-options';
import { type Dict, label } from '../../../i18n';

export const CatalogEntrySchema = z.object({
  indexNumber: z.string(),
  documentId: z.string(),
  title: z.string(),
  agency: z.string(),
  agencyName: z.string(),
  category: z.string(),
  documentNumber: z.string().nullish(),
  formedAt: z.string(),
  publishedAt: z.string(),
  /** Absent for a withdrawn entry: it stays listed, with its reason, but is no longer handed out. */
  url: z.string().nullish(),
  status: z.string().nullish(),
  corrections: z.array(z.object({ at: z.string(), note: z.string() })).nullish(),
  withdrawnAt: z.string().nullish(),
  withdrawalReason: z.string().nullish(),
  /** INTERP-2/3: an important policy shows its interpretation, or that it is missing. */
  importantPolicy: z.boolean().nullish(),
  interpretationUrl: z.string().nullish(),
  interpretationIndexNumber: z.string().nullish(),
  interpretationMissing: z.boolean().nullish(),
  /** Set on an interpretation: the policy it interprets. */
  interprets: z.string().nullish(),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;
export const CatalogSchema = z.array(CatalogEntrySchema);

export const CATEGORY_CODES = ['01', '02', '03', '04', '05', '06', '07', '08', '09'] as const;

/** The categories as select choices: the code and its name. */
export function categoryChoices(d: Dict): Choice[] {
  return CATEGORY_CODES.map((code) => ({ id: code, name: `${code} ${label(d, 'category', code)}` }));
}

/** The year on the district's clock. */
export function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));
}
