import { beijingMidnight } from '../calendar/beijing';
import type { DisclosureAttribute, DocumentRecord } from '../model/document';
import { ForbiddenError, ValidationError } from '../model/errors';
import type { Identity } from '../model/identity';
import type { PipelineDeps } from './deps';

const DISTRICT_ROLES = new Set(['reviewer', 'oversight', 'admin']);

/** The disclosure office, pre-review and oversight groups see every agency; staff their own. */
async function agenciesFor(deps: PipelineDeps, caller: Identity, districtOnly: boolean): Promise<string[]> {
  if (caller.roles.some((r) => DISTRICT_ROLES.has(r))) return (await deps.directory.listAgencies()).map((a) => a.id);
  if (districtOnly)
    throw new ForbiddenError('the quarterly review belongs to the disclosure office and the review groups');
  return [caller.agency];
}

/** Documents registered on Beijing calendar days [from, to) — periods follow China's calendar. */
async function registered(deps: PipelineDeps, agencies: string[], from: string, to: string) {
  const [start, end] = [beijingMidnight(from), beijingMidnight(to)];
  return (await Promise.all(agencies.map((a) => deps.documents.listRegisteredBetween(a, start, end)))).flat();
}

const row = (d: DocumentRecord) => ({
  id: d.id,
  title: d.title,
  agency: d.agency,
  disclosure: d.disclosure,
  status: d.status,
  createdAt: d.createdAt,
  ...(d.legalReason ? { legalReason: d.legalReason } : {}),
  ...(d.indexNumber ? { indexNumber: d.indexNumber } : {}),
});

/**
 * REVIEW-3.4: once a quarter the disclosure office reviews the disclosure attribute of every
 * document registered in the quarter; this is its list, with counts per attribute.
 */
export async function quarterlyAttributeReview(deps: PipelineDeps, caller: Identity, quarter: string) {
  const match = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!match) throw new ValidationError(`quarter must look like 2026Q4, got "${quarter}"`);
  const year = Number(match[1]);
  const q = Number(match[2]);
  const from = `${year}-${String(3 * q - 2).padStart(2, '0')}-01`;
  const to = q === 4 ? `${year + 1}-01-01` : `${year}-${String(3 * q + 1).padStart(2, '0')}-01`;
  const docs = await registered(deps, await agenciesFor(deps, caller, true), from, to);
  const counts: Record<DisclosureAttribute, number> = { proactive: 0, 'on-request': 0, 'not-disclosed': 0 };
  for (const d of docs) counts[d.disclosure]++;
  return { quarter, from, to, counts, documents: docs.map(row) };
}

/**
 * FIVE-4: the yearly self-check of withheld and on-request information, to convert to proactive
 * disclosure what can be.
 */
export async function withheldSelfCheck(deps: PipelineDeps, caller: Identity, year: number) {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new ValidationError(`bad year ${year}`);
  const docs = await registered(deps, await agenciesFor(deps, caller, false), `${year}-01-01`, `${year + 1}-01-01`);
  const candidates = docs.filter((d) => d.disclosure !== 'proactive' || d.status === 'WITHHELD');
  return { year, documents: candidates.map(row) };
}
