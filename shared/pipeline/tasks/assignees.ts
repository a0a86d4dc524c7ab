import { leaderOn } from '../../directory/assignments';
import type { DocumentRecord } from '../../model/document';
import { ValidationError } from '../../model/errors';
import type { TaskKind } from '../../model/task';
import type { DirectoryReader } from '../../ports';
import { approverGroup, REVIEW_GROUP } from './rules';

/**
 * Who a task of this kind is for (EXPAND-2, COORD-4, COORD-5), from the directory as it stands on
 * `day` (YYYY-MM-DD, Beijing): a sign-off goes to the leader whose assignment is valid that day.
 */
export async function assigneesFor(
  directory: DirectoryReader,
  doc: DocumentRecord,
  kind: TaskKind,
  escalated: boolean,
  day: string,
): Promise<string[]> {
  switch (kind) {
    case 'review':
      return [REVIEW_GROUP];
    case 'approval': {
      const competent = doc.approvals?.[0];
      if (!competent) throw new ValidationError(`document ${doc.id} has no competent department to approve it`);
      return [approverGroup(competent)];
    }
    case 'consultation': {
      // COORD-5(3): a written request to each agency whose authority the content touches.
      const heads = await Promise.all((doc.consult ?? []).map((id) => headOf(directory, id)));
      if (heads.length === 0) throw new ValidationError(`document ${doc.id} names no agency to consult`);
      return heads;
    }
    case 'escalation':
      // COORD-5(2): the same-level disclosure authority coordinates.
      return [await headOf(directory, await disclosureOffice(directory))];
    case 'signoff': {
      const department = await directory.getDepartment(doc.agency, doc.department);
      if (!department) throw new ValidationError(`department ${doc.agency}/${doc.department} is not registered`);
      const leader = leaderOn(department, day);
      if (!escalated) return [leader];
      // The agency's head takes over; where the head is the leader who let it lapse, the district
      // disclosure office does.
      const head = await headOf(directory, doc.agency);
      return [head !== leader ? head : await headOf(directory, await disclosureOffice(directory))];
    }
  }
}

async function disclosureOffice(directory: DirectoryReader): Promise<string> {
  const office = (await directory.listAgencies()).find((a) => a.disclosureOffice);
  if (!office) throw new ValidationError('no agency is registered as the district disclosure office');
  return office.id;
}

async function headOf(directory: DirectoryReader, agencyId: string): Promise<string> {
  const agency = await directory.getAgency(agencyId);
  if (!agency?.head) throw new ValidationError(`agency ${agencyId} has no head registered`);
  return agency.head;
}
