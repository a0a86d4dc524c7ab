import type { DocumentRecord, Status } from '../model/document';
import { DECISION_TYPES, type DecisionType, lifecycleState } from '../model/lifecycle';
import type { DecisionCounts } from './model';

/**
 * 二、主动公开政府信息情况, computed from the agency's own documents: what it issued, abolished
 * and had in force (规章, 行政规范性文件), and the decisions it made (行政许可, 行政处罚, 行政强制).
 * A figure the agency entered instead (decisions kept in another system) says so, with its source.
 */

/** One cell of table 二: computed from the documents, or entered with its stated source. */
export interface Figure {
  readonly value: number;
  readonly source: 'computed' | 'entered';
  /** Where an entered figure comes from. */
  readonly note?: string;
}

export interface NormativeRow {
  /** 本年制发件数: formed in the year. */
  readonly issued: Figure;
  /** 本年废止件数: abolished on a day in the year. */
  readonly abolished: Figure;
  /** 现行有效件数: issued by the year's end and neither abolished nor lapsed at its end. */
  readonly inForce: Figure;
  /** Lapsed (失效) in the year: not 废止, and no longer in force (shown beside the row). */
  readonly lapsed: number;
}

export interface ProactiveTable {
  readonly regulations: NormativeRow;
  readonly normative: NormativeRow;
  readonly licensing: Figure;
  readonly punishment: Figure;
  readonly enforcement: Figure;
  /** 行政事业性收费, 万元: entered (the finance system keeps it). */
  readonly charges: Figure;
}

/**
 * The documents that count: registered, through intake, and not given up — a cancelled
 * registration, one returned for rework, one its leader rejected, a withdrawn publication or a file
 * Intake refused is not an issued document (nor is a DRAFT whose file never came).
 */
const NOT_COUNTED: ReadonlySet<Status> = new Set(['DRAFT', 'CANCELLED', 'RETURNED', 'REJECTED', 'WITHDRAWN']);

export function countsForReport(doc: DocumentRecord): boolean {
  if (NOT_COUNTED.has(doc.status)) return false;
  if (doc.status === 'FAILED' && doc.failure?.kind === 'input') return false;
  // What it obtained from others is not the agency's own issuance (COORD-1).
  return doc.origin === 'made';
}

const computed = (value: number): Figure => ({ value, source: 'computed' });

function normativeRow(docs: readonly DocumentRecord[], year: number): NormativeRow {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const inYear = (day: string | undefined) => day !== undefined && day >= first && day <= last;
  const issued = docs.filter((d) => inYear(d.formedAt)).length;
  const abolished = docs.filter((d) => inYear(d.abolition?.on)).length;
  const byYearEnd = docs.filter((d) => d.formedAt <= last);
  const inForce = byYearEnd.filter((d) => lifecycleState(d, last) === 'in-force').length;
  // Lapsed in the year: its last valid day fell before the year's end and on or after the day before it began.
  const lapsed = byYearEnd.filter(
    (d) => lifecycleState(d, last) === 'lapsed' && d.validUntil !== undefined && d.validUntil >= `${year - 1}-12-31`,
  ).length;
  return { issued: computed(issued), abolished: computed(abolished), inForce: computed(inForce), lapsed };
}

/**
 * Table 二 for `agency` and `year` from the agency's documents (any others are ignored), with the
 * decision counts it entered in place of the computed ones and the charges it entered.
 */
export function proactiveTable(
  documents: readonly DocumentRecord[],
  agency: string,
  year: number,
  entered: { readonly decisionCounts: DecisionCounts; readonly charges: number },
): ProactiveTable {
  const own = documents.filter((d) => d.agency === agency && countsForReport(d));
  const ofType = (type: string) => own.filter((d) => d.documentType === type);
  const decisions = Object.fromEntries(
    DECISION_TYPES.map((type) => {
      const given = entered.decisionCounts[type];
      if (given) return [type, { value: given.count, source: 'entered', note: given.source } satisfies Figure];
      return [type, computed(ofType(type).filter((d) => d.formedAt.startsWith(`${year}-`)).length)];
    }),
  ) as Record<DecisionType, Figure>;
  return {
    regulations: normativeRow(ofType('regulation'), year),
    normative: normativeRow(ofType('normative'), year),
    ...decisions,
    charges: { value: entered.charges, source: 'entered' },
  };
}

const addFigures = (figures: readonly Figure[]): Figure => {
  const value = figures.reduce((sum, f) => sum + f.value, 0);
  const notes = figures.filter((f) => f.source === 'entered' && f.note).map((f) => f.note as string);
  if (!figures.some((f) => f.source === 'entered')) return computed(value);
  return { value, source: 'entered', ...(notes.length ? { note: [...new Set(notes)].join('；') } : {}) };
};

function addRows(rows: readonly NormativeRow[]): NormativeRow {
  return {
    issued: addFigures(rows.map((r) => r.issued)),
    abolished: addFigures(rows.map((r) => r.abolished)),
    inForce: addFigures(rows.map((r) => r.inForce)),
    lapsed: rows.reduce((sum, r) => sum + r.lapsed, 0),
  };
}

/** The district's table 二: every agency's added up (a sum with an entered part is marked entered). */
export function sumProactive(tables: readonly ProactiveTable[]): ProactiveTable {
  return {
    regulations: addRows(tables.map((t) => t.regulations)),
    normative: addRows(tables.map((t) => t.normative)),
    licensing: addFigures(tables.map((t) => t.licensing)),
    punishment: addFigures(tables.map((t) => t.punishment)),
    enforcement: addFigures(tables.map((t) => t.enforcement)),
    // Amounts in 万元 with four decimals: round the sum to them.
    charges: {
      value: Math.round(tables.reduce((sum, t) => sum + t.charges.value, 0) * 10_000) / 10_000,
      source: 'entered',
    },
  };
}
