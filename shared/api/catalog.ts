import { z } from 'zod';
import type { CatalogEntry } from '../model/catalog';
import { enumOf, type Fits } from './common';

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
  url: z.string().optional(),
  interpretationUrl: z.string().optional(),
  interpretationIndexNumber: z.string().optional(),
  /** INTERP-3: an important policy without its interpretation shows the gap. */
  interpretationMissing: z.boolean().optional(),
});
export type PublicCatalogEntry = z.infer<typeof PublicCatalogEntrySchema>;
export const CatalogSchema = z.array(PublicCatalogEntrySchema);

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
