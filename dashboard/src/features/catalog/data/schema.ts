import { z } from 'zod';

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
  url: z.string(),
  interpretationUrl: z.string().nullish(),
  status: z.enum(['PUBLISHED', 'CORRECTED', 'WITHDRAWN']).nullish(),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;
export const CatalogSchema = z.array(CatalogEntrySchema);

export const CATEGORY_CODES = ['01', '02', '03', '04', '05', '06', '07', '08', '09'] as const;

/** The year on the district's clock. */
export function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));
}
