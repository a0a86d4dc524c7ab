import { beijingDate } from '../calendar/beijing';
import type { DocumentRecord } from '../model/document';
import { ConflictError, NotFoundError, ValidationError } from '../model/errors';
import type { Identity } from '../model/identity';
import type { PipelineDeps } from '../pipeline/deps';
import { assertMayEditReport, assertMayListReports, assertMayReadReport } from './access';
import { appealViolations, type Check, identityChecks, requestViolations } from './checks';
import {
  type AnnualReportRecord,
  type Appeals,
  applyUpdate,
  type DecisionCounts,
  emptyReport,
  type Fees,
  ReportConflictError,
  type ReportUpdate,
  type RequestTable,
  type Sections,
} from './model';
import { type ProactiveTable, proactiveTable, sumProactive } from './proactive';
import { type ReportStatus, reportStatus, type Timeliness, timeliness } from './status';
import { sumAppeals, sumFees, sumRequests } from './sum';
import { DISTRICT, DISTRICT_NAME, reportDue, SECTION_HEADINGS, SECTIONS } from './template';

/** GET /api/annual-reports/:agency/:year: the report as the template lays it out, with its checks. */
export interface AnnualReportView {
  readonly agency: string;
  readonly name: string;
  readonly year: number;
  readonly due: string;
  readonly status: ReportStatus;
  readonly proactive: ProactiveTable;
  readonly requests: RequestTable;
  readonly appeals: Appeals;
  readonly fees: Fees;
  readonly decisionCounts: DecisionCounts;
  readonly sections: Sections;
  readonly checks: Check[];
  /** The document the report was submitted as (status submitted or published). */
  readonly documentId?: string;
  readonly indexNumber?: string;
}

type Deps = Pick<PipelineDeps, 'reports' | 'documents' | 'directory' | 'clock'>;

const today = (deps: Deps) => beijingDate(deps.clock.now());

/** The agency's name, or 404 for an agency the directory does not know. */
export async function reportAgencyName(deps: Deps, agency: string): Promise<string> {
  if (agency === DISTRICT) return DISTRICT_NAME;
  const found = await deps.directory.getAgency(agency);
  if (!found) throw new NotFoundError(`no agency ${agency}`);
  return found.name;
}

/** The agencies the district report adds up: all the directory holds (abolished ones had a year too). */
async function districtAgencies(deps: Deps): Promise<string[]> {
  return (await deps.directory.listAgencies()).map((a) => a.id).sort();
}

async function submittedDocument(deps: Deps, record: AnnualReportRecord | undefined) {
  return record?.submission ? deps.documents.get(record.submission.documentId) : undefined;
}

/** Table 二 as it stands: frozen at submission, else computed from the documents (the district: summed). */
async function currentProactive(deps: Deps, record: AnnualReportRecord | undefined, agency: string, year: number) {
  const entered = { decisionCounts: record?.decisionCounts ?? {}, charges: record?.fees.charges ?? 0 };
  if (agency !== DISTRICT) return proactiveTable(await deps.documents.listAllByAgency(agency), agency, year, entered);
  const reports = new Map((await deps.reports.listReports(year)).map((r) => [r.agency, r]));
  const tables: ProactiveTable[] = [];
  for (const id of await districtAgencies(deps)) {
    const own = reports.get(id);
    tables.push(
      own?.submission?.proactive ??
        proactiveTable(await deps.documents.listAllByAgency(id), id, year, {
          decisionCounts: own?.decisionCounts ?? {},
          charges: own?.fees.charges ?? 0,
        }),
    );
  }
  return sumProactive(tables);
}

/** The district's tables 三, 四 and its fees: the agencies' reports of the year added up. */
async function districtFigures(deps: Deps, year: number) {
  const agencies = new Set(await districtAgencies(deps));
  const reports = (await deps.reports.listReports(year)).filter((r) => agencies.has(r.agency));
  return {
    requests: sumRequests(reports.map((r) => r.requests)),
    appeals: sumAppeals(reports.map((r) => r.appeals)),
    fees: sumFees(reports.map((r) => r.fees)),
  };
}

/** What a submission needs: the identities hold, the three text parts are written, the year is over. */
export function readinessChecks(view: Omit<AnnualReportView, 'checks'>, day: string): Check[] {
  const over = day > `${view.year}-12-31`;
  return [
    ...identityChecks(view.requests, view.appeals),
    ...SECTIONS.map((s) => ({
      ok: view.sections[s].trim() !== '',
      message: `${SECTION_HEADINGS[s]}${view.sections[s].trim() ? '已撰写' : '尚未撰写'}`,
    })),
    { ok: over, message: over ? `${view.year}年度已结束` : `${view.year}年度尚未结束，年度结束后报送` },
  ];
}

function reportChecks(view: Omit<AnnualReportView, 'checks'>, day: string): Check[] {
  return [
    ...readinessChecks(view, day),
    { ok: view.status === 'published' || day <= view.due, message: `报送期限 ${view.due}（条例第四十九条）` },
  ];
}

async function buildView(
  deps: Deps,
  agency: string,
  year: number,
  record: AnnualReportRecord | undefined,
): Promise<AnnualReportView> {
  const name = await reportAgencyName(deps, agency);
  const document = await submittedDocument(deps, record);
  const status = reportStatus(record, document);
  const base = record ?? { ...emptyReport(agency, year), version: 0 };
  const figures = agency === DISTRICT ? await districtFigures(deps, year) : base;
  const frozen = status === 'submitted' || status === 'published' ? record?.submission?.proactive : undefined;
  const view = {
    agency,
    name,
    year,
    due: reportDue(agency, year),
    status,
    proactive: frozen ?? (await currentProactive(deps, record, agency, year)),
    requests: figures.requests,
    appeals: figures.appeals,
    fees: figures.fees,
    decisionCounts: base.decisionCounts,
    sections: base.sections,
    ...(status === 'submitted' || status === 'published' ? { documentId: record?.submission?.documentId } : {}),
    ...(status === 'published' && document?.indexNumber ? { indexNumber: document.indexNumber } : {}),
  } satisfies Omit<AnnualReportView, 'checks'>;
  return { ...view, checks: reportChecks(view, today(deps)) };
}

export async function getReport(deps: Deps, caller: Identity, agency: string, year: number): Promise<AnnualReportView> {
  assertMayReadReport(caller, agency);
  return buildView(deps, agency, year, await deps.reports.getReport(agency, year));
}

/** The district's tables are the agencies' sums: only its text is written. */
const DISTRICT_PARTS: readonly (keyof ReportUpdate)[] = ['sections'];

/**
 * PUT: applies the parts given to the kept report and keeps it if every identity holds; a
 * violation is a 400 invalid_report naming each broken row, column and both sides.
 */
export async function updateReport(
  deps: Deps,
  caller: Identity,
  agency: string,
  year: number,
  update: ReportUpdate,
): Promise<AnnualReportView> {
  assertMayEditReport(caller, agency);
  await reportAgencyName(deps, agency);
  if (year > Number(today(deps).slice(0, 4))) throw new ValidationError(`year ${year} has not begun`);
  const refused = Object.keys(update).filter((part) => agency === DISTRICT && !DISTRICT_PARTS.includes(part as never));
  if (refused.length > 0) {
    throw new ValidationError(
      `the district report adds up the agencies' tables; only its sections are written here, not ${refused.join(', ')}`,
    );
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await deps.reports.getReport(agency, year);
    if (record?.submission && (await submittedStands(deps, record))) {
      throw new ConflictError(
        `the ${year} report of ${agency} was submitted as document ${record.submission.documentId}; a published report is changed by 更正`,
      );
    }
    const next = applyUpdate(record ?? emptyReport(agency, year), update);
    const violations = [...requestViolations(next.requests), ...appealViolations(next.appeals)];
    if (violations.length > 0) {
      throw new ValidationError(
        `the report's tables break ${violations.length} identit${violations.length === 1 ? 'y' : 'ies'}: ${violations[0]?.message}`,
        'invalid_report',
        violations,
      );
    }
    const { submission: _stale, ...kept } = next as AnnualReportRecord;
    const written: AnnualReportRecord = {
      ...kept,
      version: (record?.version ?? 0) + 1,
      updatedAt: deps.clock.now().toISOString(),
      updatedBy: caller.user,
    };
    try {
      await deps.reports.putReport(written, record ? record.version : null);
      return buildView(deps, agency, year, written);
    } catch (err) {
      if (!(err instanceof ReportConflictError)) throw err;
    }
  }
  throw new ReportConflictError(agency, year);
}

async function submittedStands(deps: Deps, record: AnnualReportRecord): Promise<boolean> {
  const status = reportStatus(record, await submittedDocument(deps, record));
  return status === 'submitted' || status === 'published';
}

/** One row of the oversight view: an agency's report against its deadline. */
export interface ReportStatusRow {
  readonly agency: string;
  readonly name: string;
  readonly due: string;
  readonly status: ReportStatus;
  readonly timeliness: Timeliness;
  readonly updatedAt?: string;
  readonly documentId?: string;
  readonly publishedAt?: string;
  readonly indexNumber?: string;
}

/** GET /api/annual-reports?year=: every active agency's report and the district's, against their deadlines. */
export async function listReports(deps: Deps, caller: Identity, year: number): Promise<ReportStatusRow[]> {
  assertMayListReports(caller);
  const reports = new Map((await deps.reports.listReports(year)).map((r) => [r.agency, r]));
  const agencies = (await deps.directory.listAgencies()).filter((a) => a.status === 'active');
  const rows: ReportStatusRow[] = [];
  for (const { id, name } of [...agencies, { id: DISTRICT, name: DISTRICT_NAME }]) {
    const record = reports.get(id);
    const document: DocumentRecord | undefined = await submittedDocument(deps, record);
    const status = reportStatus(record, document);
    const due = reportDue(id, year);
    const standing = status === 'submitted' || status === 'published';
    rows.push({
      agency: id,
      name,
      due,
      status,
      timeliness: timeliness(status, due, document?.publishedAt, today(deps)),
      ...(record ? { updatedAt: record.updatedAt } : {}),
      ...(standing && record?.submission ? { documentId: record.submission.documentId } : {}),
      ...(status === 'published' && document?.publishedAt ? { publishedAt: document.publishedAt } : {}),
      ...(status === 'published' && document?.indexNumber ? { indexNumber: document.indexNumber } : {}),
    });
  }
  return rows;
}
