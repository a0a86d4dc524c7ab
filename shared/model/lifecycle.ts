/**
 * What kind of document an upload is, for the annual report's table 二 (条例 art. 20 items (一),
 * (五), (六)), and the lifecycle of normative documents: issued (formedAt), abolished (废止) by
 * another document on a day, or lapsed (失效) after their validity period (有效期).
 */

/** 规章, 行政规范性文件, 行政许可决定, 行政处罚决定, 行政强制决定, other. */
export const DOCUMENT_TYPES = ['regulation', 'normative', 'licensing', 'punishment', 'enforcement', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The types that stay in force until abolished or lapsed (art. 20 (一)): 规章 and 行政规范性文件. */
export const NORMATIVE_TYPES: ReadonlySet<DocumentType> = new Set(['regulation', 'normative']);

/** The decisions counted per year (art. 20 (五), (六)). */
export const DECISION_TYPES = ['licensing', 'punishment', 'enforcement'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export function isNormative(type: DocumentType | undefined): boolean {
  return type !== undefined && NORMATIVE_TYPES.has(type);
}

/** 废止: on which day, by which document, recorded by whom and when. */
export interface Abolition {
  /** The day it stops being in force (YYYY-MM-DD). */
  readonly on: string;
  /** The abolishing document: its number and/or title (台政发〔2026〕3号 …). */
  readonly document: string;
  readonly by: string;
  readonly at: string;
}

export type LifecycleState = 'in-force' | 'abolished' | 'lapsed';

/**
 * A normative document's state at the end of `day`: abolished from its abolition day on, lapsed
 * once its validity period (valid until, inclusive) has passed; undefined for other types.
 */
export function lifecycleState(
  doc: { readonly documentType?: DocumentType; readonly validUntil?: string; readonly abolition?: Abolition },
  day: string,
): LifecycleState | undefined {
  if (!isNormative(doc.documentType)) return undefined;
  if (doc.abolition && doc.abolition.on <= day) return 'abolished';
  if (doc.validUntil && doc.validUntil < day) return 'lapsed';
  return 'in-force';
}
