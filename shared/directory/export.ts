import { toCsv } from './csv';
import { COLUMNS, type Column } from './import-rows';
import type { Snapshot } from './snapshot';

/** The directory as an import file: export, edit, import again. */
export function directoryCsv(s: Snapshot): string {
  const header = [...COLUMNS];
  const row = (cells: Partial<Record<Column, string | undefined>>) => header.map((c) => cells[c] ?? '');
  const rows: string[][] = [header];
  const agencies = [...s.agencies.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const a of agencies) {
    rows.push(
      row({
        type: 'agency',
        agency: a.id,
        name: a.name,
        code: a.code,
        head: a.head,
        disclosure_office: a.disclosureOffice ? 'yes' : undefined,
        competent_for: a.competentFor?.join(';'),
        successor: a.successorId,
        abolished_by: a.abolishedBy,
      }),
    );
  }
  for (const a of agencies) {
    for (const u of [...s.users.values()].filter((x) => x.agency === a.id)) {
      rows.push(
        row({
          type: 'user',
          agency: u.agency,
          id: u.user,
          name: u.name,
          roles: u.roles.join(';'),
          department: u.department,
          email: u.email,
          subject: u.subject,
        }),
      );
    }
    for (const d of [...s.departments.values()].filter((x) => x.agency === a.id)) {
      const current = d.leaders?.at(-1);
      rows.push(
        row({
          type: 'department',
          agency: d.agency,
          id: d.id,
          name: d.name,
          leader: d.leader,
          effective_from: current?.leader === d.leader ? current.effectiveFrom : undefined,
        }),
      );
    }
  }
  return toCsv(rows);
}
