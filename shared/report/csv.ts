import { parseCsv, toCsv } from '../directory/csv';
import { ValidationError } from '../model/errors';
import type { ReportUpdate } from './model';
import type { Figure } from './proactive';
import type { AnnualReportView } from './service';
import {
  APPEAL_GROUP_LABELS,
  APPEAL_GROUPS,
  APPEAL_OUTCOME_LABELS,
  APPEAL_OUTCOMES,
  appealIndex,
  PROACTIVE_ROW_LABELS,
  REQUEST_COLUMN_LABELS,
  REQUEST_COLUMNS,
  REQUEST_ROWS,
  type RequestRowId,
  rowCaption,
} from './template';

/**
 * The report as one CSV a spreadsheet opens (GET …/report.csv), and the same file read back as the
 * entered parts of a PUT (the dashboard's CSV import): `table,row,label,values…`. Rows of table
 * 三 carry the seven columns, rows of table 四 the five outcomes; table 二 and the text are for
 * reading only (二 is computed, the text is written in the dashboard).
 */

const HEADER = ['table', 'row', 'label', ...REQUEST_COLUMNS.map((c) => REQUEST_COLUMN_LABELS[c])];

const figure = (f: Figure) => [String(f.value), f.source, f.note ?? ''];

export function reportCsv(view: AnnualReportView): string {
  const rows: string[][] = [HEADER];
  const p = view.proactive;
  const normative = [
    ['regulations', p.regulations],
    ['normative', p.normative],
  ] as const;
  for (const [id, row] of normative) {
    rows.push(['proactive', `${id}.issued`, `${PROACTIVE_ROW_LABELS[id]} 本年制发件数`, ...figure(row.issued)]);
    rows.push(['proactive', `${id}.abolished`, `${PROACTIVE_ROW_LABELS[id]} 本年废止件数`, ...figure(row.abolished)]);
    rows.push(['proactive', `${id}.inForce`, `${PROACTIVE_ROW_LABELS[id]} 现行有效件数`, ...figure(row.inForce)]);
  }
  for (const id of ['licensing', 'punishment', 'enforcement'] as const) {
    rows.push(['proactive', id, `${PROACTIVE_ROW_LABELS[id]} 本年处理决定数量`, ...figure(p[id])]);
  }
  rows.push(['proactive', 'charges', `${PROACTIVE_ROW_LABELS.charges} 本年收费金额（万元）`, ...figure(p.charges)]);
  for (const row of REQUEST_ROWS) rows.push(['requests', row, rowCaption(row), ...view.requests[row].map(String)]);
  for (const group of APPEAL_GROUPS) {
    const values = APPEAL_OUTCOMES.map((o) => String(view.appeals[appealIndex(group, o)] ?? 0));
    rows.push([
      'appeals',
      group,
      `${APPEAL_GROUP_LABELS[group]}（${APPEAL_OUTCOMES.map((o) => APPEAL_OUTCOME_LABELS[o]).join('、')}）`,
      ...values,
    ]);
  }
  rows.push(['fees', 'charges', '行政事业性收费（万元）', String(view.fees.charges)]);
  rows.push(['fees', 'processing', '信息处理费（元）', String(view.fees.processing)]);
  return toCsv(rows);
}

const number = (text: string | undefined, where: string): number => {
  const value = Number((text ?? '').trim());
  if ((text ?? '').trim() === '' || !Number.isFinite(value))
    throw new ValidationError(`${where}: "${text ?? ''}" is not a number`);
  return value;
};

/**
 * The entered parts of a report from its CSV (as reportCsv writes it, or a spreadsheet saved from
 * it): tables 三 and 四 and the fees; other rows are ignored. The result goes through PUT, which
 * checks every number and identity.
 */
export function parseReportCsv(text: string): ReportUpdate {
  const requests: Partial<Record<RequestRowId, number[]>> = {};
  const appeals: number[] = [];
  const fees: { charges?: number; processing?: number } = {};
  for (const { line, fields } of parseCsv(text)) {
    const [table, row = '', , ...values] = fields;
    const where = `line ${line} (${table} ${row})`;
    if (table === 'requests') {
      if (!(REQUEST_ROWS as readonly string[]).includes(row))
        throw new ValidationError(`line ${line}: no requests row "${row}"`);
      requests[row as RequestRowId] = REQUEST_COLUMNS.map((c, i) => number(values[i], `${where}, ${c}`));
    } else if (table === 'appeals') {
      const group = APPEAL_GROUPS.indexOf(row as never);
      if (group < 0) throw new ValidationError(`line ${line}: no appeals row "${row}"`);
      APPEAL_OUTCOMES.forEach((o, i) => {
        appeals[group * APPEAL_OUTCOMES.length + i] = number(values[i], `${where}, ${o}`);
      });
    } else if (table === 'fees' && (row === 'charges' || row === 'processing')) {
      fees[row] = number(values[0], where);
    }
  }
  const missing = APPEAL_GROUPS.filter((_, g) => appeals[g * APPEAL_OUTCOMES.length] === undefined);
  if (appeals.length > 0 && missing.length > 0)
    throw new ValidationError(`the CSV has no appeals row ${missing.join(', ')}`);
  return {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(appeals.length ? { appeals } : {}),
    ...(Object.keys(fees).length ? { fees } : {}),
  };
}
