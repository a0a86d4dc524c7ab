import * as z from 'zod';
import type { CatalogEntry } from '../model/catalog';
import { DOCUMENT_TYPES } from '../model/lifecycle';
import { enumOf, type Fits, pageOf } from './common';

/** The public catalogue (READ-4), as functions/api/routes/public.ts sends it: no sign-in. */

/**
 * GET /api/catalog and /api/catalog/entries/:documentId: a catalogue entry with links instead of
 * its interpretation's keys. A withdrawn entry stays listed, with its reason, but has no `url`.
 */
export const PublicCatalogEntrySchema = z.object({
  indexNumber: z.string(),
  documentId: z.string(),
  title: z.string(),
  agency: z.string(),
  agencyName: z.string(),
  category: z.string(),
  documentNumber: z.string().optional(),
  formedAt: z.string(),
  publishedAt: z.string(),
  publicKey: z.string(),
  /** INTERP-2: an important policy, which must have its interpretation linked (INTERP-3). */
  importantPolicy: z.boolean().optional(),
  /** Set on an interpretation: the policy it interprets. */
  interprets: z.string().optional(),
  /** 更正 / 撤回 stay visible in the catalogue. */
  status: enumOf<NonNullable<CatalogEntry['status']>>({
    PUBLISHED: 'PUBLISHED',
    CORRECTED: 'CORRECTED',
    WITHDRAWN: 'WITHDRAWN',
  }).optional(),
  corrections: z
    .array(z.object({ at: z.string(), note: z.string() }))
    .readonly()
    .optional(),
  withdrawnAt: z.string().optional(),
  withdrawalReason: z.string().optional(),
  /** READ-5(6): how often the public looked the entry up. */
  queries: z.number().int().optional(),
  /** 规章 / 行政规范性文件: 有效期 and 废止 (the dashboard shows 现行有效, 已废止 or 已失效). */
  documentType: z.enum(DOCUMENT_TYPES).optional(),
  validUntil: z.string().optional(),
  abolishedOn: z.string().optional(),
  abolishingDocument: z.string().optional(),
  url: z.string().optional(),
  interpretationUrl: z.string().optional(),
  interpretationIndexNumber: z.string().optional(),
  /** INTERP-3: an important policy without its interpretation shows the gap. */
  interpretationMissing: z.boolean().optional(),
});
export type PublicCatalogEntry = z.infer<typeof PublicCatalogEntrySchema>;
/**
 * GET /api/catalog: one page, newest first. `next` is passed back as `cursor` for the page after;
 * a keyword search also says how many entries it looked through (`searched`), which may end a page
 * short of `limit` with a `next` to search on.
 */
export const CatalogSchema = pageOf(PublicCatalogEntrySchema).extend({
  searched: z.number().int().optional(),
});
export type CatalogPageResponse = z.infer<typeof CatalogSchema>;

export type CatalogChecks = [
  Fits<
    Omit<CatalogEntry, 'interpretation'> & {
      url?: string;
      interpretationUrl?: string;
      interpretationIndexNumber?: string;
      interpretationMissing?: boolean;
    },
    z.input<typeof PublicCatalogEntrySchema>
  >,
];
