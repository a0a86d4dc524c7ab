import { randomUUID } from 'node:crypto';
import { beijingDate } from '../calendar/beijing';
import type { DocumentMetadata } from '../model/document';
import { ConflictError, ValidationError } from '../model/errors';
import type { Identity } from '../model/identity';
import type { PipelineDeps } from '../pipeline/deps';
import { recordRegistration } from '../pipeline/upload';
import { assertMayEditReport } from './access';
import { reportDocx } from './docx';
import type { AnnualReportRecord } from './model';
import { getReport, readinessChecks } from './service';
import { submissionStands } from './status';
import { ANNUAL_REPORT_CATEGORY, DISTRICT, reportDue, reportTitle } from './template';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' as const;

/**
 * POST …/submit: the finished report enters the pipeline as a proactive document of its agency
 * (the district's: of the disclosure office) — registered through the same registration as any
 * upload, its DOCX put where uploads go, then the confidentiality review, the leader's sign-off,
 * routing and publication with an index number. Its deadline is the statutory one (条例 art. 49:
 * 31 January, 31 March for the district), so timeliness counts it like any other document.
 *
 * The submission is recorded on the report before the registration, under an id chosen first: a
 * submission cut short is finished by submitting again (the same id, the file put again).
 */
export async function submitReport(
  deps: PipelineDeps,
  caller: Identity,
  agency: string,
  year: number,
): Promise<{ documentId: string }> {
  assertMayEditReport(caller, agency);
  const view = await getReport(deps, caller, agency, year);
  const today = beijingDate(deps.clock.now());
  if (today <= `${year}-12-31`) {
    throw new ConflictError(`the ${year} report is submitted once the year is over (from ${year + 1}-01-01)`);
  }
  const record = await deps.reports.getReport(agency, year);
  const previous = record?.submission ? await deps.documents.get(record.submission.documentId) : undefined;
  const unfinished = record?.submission && (!previous || previous.status === 'DRAFT') ? record.submission : undefined;
  if (record?.submission && !unfinished && submissionStands(previous)) {
    throw new ConflictError(
      `the ${year} report of ${agency} was submitted as document ${record.submission.documentId}`,
    );
  }
  const missing = readinessChecks(view, today).filter((c) => !c.ok);
  if (!record || missing.length > 0) {
    throw new ValidationError(
      `the ${year} report is not ready to submit: ${missing.map((c) => c.message).join('; ') || 'nothing was written'}`,
      'invalid_report',
      missing,
    );
  }
  const metadata = await registration(deps, caller, agency, year, view.name, today);
  const documentId = unfinished?.documentId ?? randomUUID();
  if (!unfinished) {
    const submitted: AnnualReportRecord = {
      ...record,
      version: record.version + 1,
      submission: { documentId, at: deps.clock.now().toISOString(), by: caller.user, proactive: view.proactive },
    };
    await deps.reports.putReport(submitted, record.version);
  }
  const frozen = { ...view, proactive: unfinished?.proactive ?? view.proactive };
  const doc =
    previous ??
    (await recordRegistration(deps, caller.user, metadata, {
      id: documentId,
      due: { due: reportDue(agency, year), provisional: false },
    }));
  await deps.files.putIntake(doc.objectKey, await reportDocx(frozen), DOCX);
  return { documentId };
}

/** What the report is registered as: its agency's (the district's: the disclosure office's) proactive document. */
async function registration(
  deps: PipelineDeps,
  caller: Identity,
  agency: string,
  year: number,
  name: string,
  today: string,
): Promise<DocumentMetadata> {
  const agencies = await deps.directory.listAgencies();
  const publisher =
    agency === DISTRICT ? agencies.find((a) => a.disclosureOffice && a.status === 'active')?.id : agency;
  if (!publisher)
    throw new ConflictError('the directory names no active disclosure office to publish the district report');
  const departments = (await deps.directory.listDepartments()).filter((d) => d.agency === publisher);
  const department =
    departments.find((d) => caller.agency === publisher && d.id === caller.department) ?? departments[0];
  if (!department) throw new ConflictError(`${publisher} has no department to register the report in`);
  return {
    title: reportTitle(name, year),
    agency: publisher,
    department: department.id,
    category: ANNUAL_REPORT_CATEGORY,
    formedAt: today,
    disclosure: 'proactive',
    origin: 'made',
    documentType: 'other',
    filename: `${reportTitle(name, year)}.docx`,
    contentType: DOCX,
  };
}
