import * as z from 'zod';
import { ConflictError } from '../model/errors';
import { DECISION_TYPES, type DecisionType } from '../model/lifecycle';
import { safeLine, safeText } from '../model/text';
import type { ProactiveTable } from './proactive';
import { APPEAL_COUNT, REQUEST_COLUMNS, REQUEST_ROWS, type RequestRowId, SECTIONS, type SectionId } from './template';

/** What an agency enters and keeps of its annual report; the rest is computed from its documents. */

/** Table 三: per row, the seven columns in REQUEST_COLUMNS order. */
export type RequestTable = Readonly<Record<RequestRowId, readonly number[]>>;
/** Table 四: 15 numbers, each group's five outcomes in turn (template.ts APPEAL_GROUPS). */
export type Appeals = readonly number[];

/** A count entered in place of the computed one, with where it comes from (the licensing platform …). */
export interface EnteredCount {
  readonly count: number;
  readonly source: string;
}
export type DecisionCounts = Readonly<Partial<Record<DecisionType, EnteredCount>>>;

export interface Fees {
  /** 第二十条第（八）项 行政事业性收费: 本年收费金额, 万元. */
  readonly charges: number;
  /** 信息处理费 collected on requests this year, 元 (reported in section 六). */
  readonly processing: number;
}

export type Sections = Readonly<Record<SectionId, string>>;

/** 2026's report of 区教育局 as it is kept (one item per agency and year). */
export interface AnnualReportRecord {
  readonly agency: string;
  readonly year: number;
  /** Optimistic lock: every write is conditional on the version read (1 for the first). */
  readonly version: number;
  readonly requests: RequestTable;
  readonly appeals: Appeals;
  readonly fees: Fees;
  readonly decisionCounts: DecisionCounts;
  readonly sections: Sections;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** POST …/submit: the document it entered the pipeline as, and table 二 as it was then. */
  readonly submission?: Submission;
}

export interface Submission {
  readonly documentId: string;
  readonly at: string;
  readonly by: string;
  readonly proactive: ProactiveTable;
}

export const MAX_COUNT = 1_000_000_000;
export const MAX_SECTION_CHARS = 10_000;

const count = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} cannot be negative`)
    .max(MAX_COUNT, `${what} is at most ${MAX_COUNT}`);

const row = z
  .array(count('a requests cell'), { error: `a requests row is a list of ${REQUEST_COLUMNS.length} numbers` })
  .length(
    REQUEST_COLUMNS.length,
    `a requests row has ${REQUEST_COLUMNS.length} numbers: ${REQUEST_COLUMNS.join(', ')}`,
  );

const entered = (what: string) =>
  z.object({ count: count(`${what}.count`), source: safeLine(`${what}.source`, 200) }).strict();

/** An amount with at most `places` decimals (万元 to four, 元 to two). */
const money = (what: string, places: number) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, `${what} cannot be negative`)
    .max(MAX_COUNT, `${what} is at most ${MAX_COUNT}`)
    .refine(
      (n) => Math.abs(n * 10 ** places - Math.round(n * 10 ** places)) < 1e-6,
      `${what} has at most ${places} decimals`,
    );

/**
 * PUT /api/annual-reports/:agency/:year: any of the parts; a part given replaces what was kept
 * (rows of `requests` one by one, the others whole), and the whole must then pass the checks.
 * `decisionCounts.<type>: null` goes back to the computed count.
 */
export const ReportUpdateSchema = z
  .object({
    requests: z.partialRecord(z.enum(REQUEST_ROWS), row),
    appeals: z
      .array(count('appeals'), { error: `appeals must be a list of ${APPEAL_COUNT} numbers` })
      .length(APPEAL_COUNT, `appeals has ${APPEAL_COUNT} numbers: 行政复议, 未经复议直接起诉, 复议后起诉, five each`),
    fees: z
      .object({ charges: money('fees.charges', 4), processing: money('fees.processing', 2) })
      .partial()
      .strict(),
    decisionCounts: z
      .object(
        Object.fromEntries(DECISION_TYPES.map((t) => [t, entered(`decisionCounts.${t}`).nullable()])) as Record<
          DecisionType,
          z.ZodNullable<ReturnType<typeof entered>>
        >,
      )
      .partial()
      .strict(),
    sections: z
      .object(
        Object.fromEntries(SECTIONS.map((s) => [s, safeText(`sections.${s}`, MAX_SECTION_CHARS, 0)])) as Record<
          SectionId,
          ReturnType<typeof safeText>
        >,
      )
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type ReportUpdate = z.infer<typeof ReportUpdateSchema>;

export const zeroRow = (): number[] => REQUEST_COLUMNS.map(() => 0);
export const emptyRequests = (): RequestTable =>
  Object.fromEntries(REQUEST_ROWS.map((r) => [r, zeroRow()])) as unknown as RequestTable;
export const emptyAppeals = (): number[] => Array.from({ length: APPEAL_COUNT }, () => 0);
export const emptySections = (): Sections => ({ overview: '', problems: '', other: '' });

/** A report nobody has written to yet. */
export function emptyReport(
  agency: string,
  year: number,
): Omit<AnnualReportRecord, 'version' | 'updatedAt' | 'updatedBy'> {
  return {
    agency,
    year,
    requests: emptyRequests(),
    appeals: emptyAppeals(),
    fees: { charges: 0, processing: 0 },
    decisionCounts: {},
    sections: emptySections(),
  };
}

/** The kept report with the update applied (not yet checked). */
export function applyUpdate<R extends Omit<AnnualReportRecord, 'version' | 'updatedAt' | 'updatedBy'>>(
  report: R,
  update: ReportUpdate,
): R {
  const decisionCounts: Partial<Record<DecisionType, EnteredCount>> = { ...report.decisionCounts };
  for (const [type, value] of Object.entries(update.decisionCounts ?? {}) as [DecisionType, EnteredCount | null][]) {
    if (value === null) delete decisionCounts[type];
    else decisionCounts[type] = value;
  }
  return {
    ...report,
    requests: { ...report.requests, ...update.requests },
    appeals: update.appeals ?? report.appeals,
    fees: { ...report.fees, ...update.fees },
    decisionCounts,
    sections: { ...report.sections, ...update.sections },
  };
}

/** Someone else wrote the report since it was read: nothing was written (HTTP 409). */
export class ReportConflictError extends ConflictError {
  constructor(agency: string, year: number) {
    super(`the ${year} annual report of ${agency} changed since it was read; reload it and try again`);
  }
}
