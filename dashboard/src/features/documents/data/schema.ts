import { z } from 'zod';

export const FindingSchema = z.object({
  kind: z.string(),
  text: z.string(),
  start: z.number(),
  end: z.number(),
  rule: z.string().nullish(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const DocumentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  indexNumber: z.string().nullish(),
  createdAt: z.string(),
  formedAt: z.string(),
  dueAt: z.string().nullish(),
  dueProvisional: z.boolean().nullish(),
});
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;
export const DocumentListSchema = z.array(DocumentSummarySchema);

export const HistoryEventSchema = z.object({
  at: z.string(),
  actor: z.string(),
  from: z.string().nullish(),
  to: z.string(),
  rules: z.array(z.string()).nullish(),
  note: z.string().nullish(),
});
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;

export const DocumentDetailSchema = z.object({
  id: z.string(),
  status: z.string(),
  indexNumber: z.string().nullish(),
  title: z.string(),
  agency: z.string(),
  department: z.string().nullish(),
  category: z.string().nullish(),
  documentNumber: z.string().nullish(),
  formedAt: z.string().nullish(),
  disclosure: z.string().nullish(),
  legalReason: z.string().nullish(),
  origin: z.string().nullish(),
  leadDrafter: z.string().nullish(),
  sensitiveCategory: z.string().nullish(),
  importantPolicy: z.boolean().nullish(),
  interprets: z.string().nullish(),
  filename: z.string().nullish(),
  contentType: z.string().nullish(),
  size: z.number().nullish(),
  uploadedBy: z.string().nullish(),
  createdAt: z.string().nullish(),
  dueAt: z.string().nullish(),
  /** The deadline falls in a year whose holiday calendar is not published yet. */
  dueProvisional: z.boolean().nullish(),
  publisher: z.string().nullish(),
  /** COORD-1…3: the rules that decided the publisher. */
  routingRules: z.array(z.string()).nullish(),
  /** COORD-4: the competent departments whose approval the release needs, and who gave it. */
  approvals: z.array(z.string()).nullish(),
  approvedBy: z.string().nullish(),
  publishedAt: z.string().nullish(),
  correctedAt: z.string().nullish(),
  corrections: z.array(z.object({ at: z.string(), by: z.string().nullish(), note: z.string() })).nullish(),
  withdrawnAt: z.string().nullish(),
  withdrawalReason: z.string().nullish(),
  findings: z.array(FindingSchema).nullish(),
  failure: z.object({ step: z.string(), error: z.string() }).nullish(),
  history: z.array(HistoryEventSchema).default([]),
});
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

export const CreatedDocumentSchema = z.object({ id: z.string(), uploadUrl: z.string() });

/** 更正 / 撤回 answer with the document's new status. */
export const AmendedDocumentSchema = z.object({ id: z.string(), status: z.string() }).loose();
