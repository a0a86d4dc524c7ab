import type { DocumentRecord } from '../model/document';
import type { HumanTask } from '../model/task';
import { assigneesFor } from '../pipeline/tasks/assignees';
import { leaderOn } from './assignments';
import type { ChangeContext, DirectoryDeps } from './context';
import { departmentKey, readerOf, type Snapshot } from './snapshot';
import { moveUnit, type Unit } from './units';

// ── Who keeps the open tasks of a position that changed hands ──────────────────────────────

/**
 * The people who lost a position in the change: a department's leader, an agency's head, the
 * disclosure office's head. Their open tasks may have to follow the position.
 */
export function displaced(before: Snapshot, after: Snapshot): Set<string> {
  const people = new Set<string>();
  for (const [key, d] of after.departments) {
    const was = before.departments.get(key);
    if (was && was.leader !== d.leader) people.add(was.leader);
  }
  for (const [id, a] of after.agencies) {
    const was = before.agencies.get(id);
    if (was?.head && was.head !== a.head) people.add(was.head);
  }
  const officeHead = (s: Snapshot) => [...s.agencies.values()].find((a) => a.disclosureOffice)?.head;
  const head = officeHead(before);
  if (head && head !== officeHead(after)) people.add(head);
  return people;
}

/** Whom an open task of `person` goes to once the directory is `after`; undefined: it stays. */
async function successorFor(
  task: HumanTask,
  doc: DocumentRecord,
  person: string,
  before: Snapshot,
  after: Snapshot,
  today: string,
): Promise<string | undefined> {
  switch (task.kind) {
    case 'signoff': {
      if (!task.escalated) {
        const department = after.departments.get(departmentKey(doc.agency, doc.department));
        return department ? leaderOn(department, today) : undefined;
      }
      return (await assigneesFor(readerOf(after), doc, 'signoff', true, today).catch(() => []))[0];
    }
    case 'escalation':
      return (await assigneesFor(readerOf(after), doc, 'escalation', false, today).catch(() => []))[0];
    case 'consultation': {
      for (const agency of doc.consult ?? []) {
        const was = before.agencies.get(agency)?.head;
        const is = after.agencies.get(agency)?.head;
        if (was === person && is !== person) return is;
      }
      return undefined;
    }
    default:
      return undefined; // reviews and approvals are for groups, not for a position's holder
  }
}

/** Every open task of the displaced people that belongs to a position now held by someone else. */
export async function taskMovesFor(
  deps: Pick<DirectoryDeps, 'tasks' | 'documents'>,
  people: ReadonlySet<string>,
  before: Snapshot,
  after: Snapshot,
  ctx: ChangeContext,
): Promise<Unit[]> {
  const units: Unit[] = [];
  for (const person of people) {
    for (const task of await deps.tasks.listOpen([person])) {
      if (task.assignee !== person) continue;
      const doc = await deps.documents.get(task.documentId);
      if (!doc) continue;
      const to = await successorFor(task, doc, person, before, after, ctx.today);
      if (!to || to === person) continue;
      units.push(moveUnit({ id: task.id, from: person, to, at: ctx.at, by: ctx.actor }, task, doc));
    }
  }
  return units;
}
