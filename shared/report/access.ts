import { ForbiddenError } from '../model/errors';
import { hasRole, type Identity } from '../model/identity';
import { DISTRICT } from './template';

/**
 * Who may do what with an annual report: an agency's uploaders and leaders read, edit and submit
 * their own agency's; the oversight group and the administrators read every agency's, and read,
 * edit and submit the district's compiled report (the disclosure office's work).
 */

const districtWide = (caller: Identity) => hasRole(caller, 'oversight') || hasRole(caller, 'admin');
const agencyStaff = (caller: Identity, agency: string) =>
  caller.agency === agency && (hasRole(caller, 'uploader') || hasRole(caller, 'leader'));

export function mayReadReport(caller: Identity, agency: string): boolean {
  return districtWide(caller) || (agency !== DISTRICT && agencyStaff(caller, agency));
}

export function mayEditReport(caller: Identity, agency: string): boolean {
  return agency === DISTRICT ? districtWide(caller) : agencyStaff(caller, agency);
}

/** The list of every agency's report against its deadline. */
export function mayListReports(caller: Identity): boolean {
  return districtWide(caller);
}

export function assertMayReadReport(caller: Identity, agency: string): void {
  if (!mayReadReport(caller, agency)) {
    throw new ForbiddenError(
      agency === DISTRICT
        ? 'the district report is read by the oversight group and the administrators'
        : `the ${agency} report is read by its own uploaders and leaders, the oversight group and the administrators`,
    );
  }
}

export function assertMayEditReport(caller: Identity, agency: string): void {
  if (!mayEditReport(caller, agency)) {
    throw new ForbiddenError(
      agency === DISTRICT
        ? 'the district report is written by the oversight group and the administrators'
        : `the ${agency} report is written and submitted by its own uploaders and leaders`,
    );
  }
}

export function assertMayListReports(caller: Identity): void {
  if (!mayListReports(caller)) {
    throw new ForbiddenError('every agency’s report status is read by the oversight group and the administrators');
  }
}
