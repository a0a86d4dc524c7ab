import type { Appeals, RequestTable } from './model';
import {
  APPEAL_GROUP_LABELS,
  APPEAL_GROUPS,
  APPEAL_OUTCOME_LABELS,
  APPEAL_OUTCOMES,
  APPLICANT_COLUMNS,
  type AppealGroup,
  appealIndex,
  REQUEST_COLUMN_LABELS,
  REQUEST_COLUMNS,
  REQUEST_ROWS,
  RESULT_ROWS,
  type RequestColumn,
  type RequestRowId,
  rowCaption,
} from './template';

/**
 * The identities the national template's tables must satisfy. Table 三, per column: 总计 = the six
 * applicant columns; 三（七） = the sum of （一）…（六）; 一 + 二 = 三（七） + 四. Table 四: each
 * group's 总计 = its four outcomes. A violation names the row, the column and both sides.
 */

export type CheckId = 'column-total' | 'results-total' | 'balance' | 'appeal-total';

export interface Side {
  /** The row ids (or outcome ids) added up on this side, as `a + b`. */
  readonly expression: string;
  readonly value: number;
}

export interface Violation {
  readonly check: CheckId;
  readonly table: 'requests' | 'appeals';
  /** A row id of `requests`, or an appeal group (review, litigationDirect, litigationAfterReview). */
  readonly row: string;
  /** A column of `requests`, or the appeal outcome `total`. */
  readonly column: string;
  readonly left: Side;
  readonly right: Side;
  readonly message: string;
}

const cell = (table: RequestTable, row: RequestRowId, column: RequestColumn) =>
  table[row]?.[REQUEST_COLUMNS.indexOf(column)] ?? 0;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function requestViolation(
  check: CheckId,
  row: RequestRowId,
  column: RequestColumn,
  left: Side,
  right: Side,
  identity: string,
): Violation {
  return {
    check,
    table: 'requests',
    row,
    column,
    left,
    right,
    message:
      `requests row ${row} (${rowCaption(row)}), column ${column} (${REQUEST_COLUMN_LABELS[column]}): ` +
      `${identity}, but ${left.expression} = ${left.value} and ${right.expression} = ${right.value}`,
  };
}

/** Every identity table 三 breaks, row by row then column by column. */
export function requestViolations(table: RequestTable): Violation[] {
  const found: Violation[] = [];
  for (const row of REQUEST_ROWS) {
    const parts = APPLICANT_COLUMNS.map((c) => cell(table, row, c));
    const total = cell(table, row, 'total');
    if (total !== sum(parts)) {
      found.push(
        requestViolation(
          'column-total',
          row,
          'total',
          { expression: 'total', value: total },
          { expression: APPLICANT_COLUMNS.join(' + '), value: sum(parts) },
          '总计 is the sum of the six applicant columns',
        ),
      );
    }
  }
  for (const column of REQUEST_COLUMNS) {
    const results = sum(RESULT_ROWS.map((r) => cell(table, r, column)));
    const total = cell(table, 'resultsTotal', column);
    if (total !== results) {
      found.push(
        requestViolation(
          'results-total',
          'resultsTotal',
          column,
          { expression: 'resultsTotal', value: total },
          { expression: `${RESULT_ROWS[0]} + … + ${RESULT_ROWS[RESULT_ROWS.length - 1]}`, value: results },
          '三（七）总计 is the sum of the results （一）…（六）',
        ),
      );
    }
    const received = cell(table, 'newReceived', column) + cell(table, 'carriedOver', column);
    const handled = total + cell(table, 'carriedForward', column);
    if (received !== handled) {
      found.push(
        requestViolation(
          'balance',
          'carriedForward',
          column,
          { expression: 'newReceived + carriedOver', value: received },
          { expression: 'resultsTotal + carriedForward', value: handled },
          '一 + 二 = 三（七） + 四',
        ),
      );
    }
  }
  return found;
}

/** Every 总计 of table 四 that is not the sum of its group's four outcomes. */
export function appealViolations(appeals: Appeals): Violation[] {
  const found: Violation[] = [];
  const at = (group: AppealGroup, outcome: (typeof APPEAL_OUTCOMES)[number]) =>
    appeals[appealIndex(group, outcome)] ?? 0;
  const parts = APPEAL_OUTCOMES.filter((o) => o !== 'total');
  for (const group of APPEAL_GROUPS) {
    const total = at(group, 'total');
    const value = sum(parts.map((o) => at(group, o)));
    if (total === value) continue;
    found.push({
      check: 'appeal-total',
      table: 'appeals',
      row: group,
      column: 'total',
      left: { expression: 'total', value: total },
      right: { expression: parts.join(' + '), value },
      message:
        `appeals ${group} (${APPEAL_GROUP_LABELS[group]}), ${APPEAL_OUTCOME_LABELS.total} (position ${appealIndex(group, 'total')}): ` +
        `总计 is the sum of its four outcomes, but total = ${total} and ${parts.join(' + ')} = ${value}`,
    });
  }
  return found;
}

/** One line of the report's checklist: every identity, and what a submission needs. */
export interface Check {
  readonly ok: boolean;
  readonly message: string;
}

/** The identities as a checklist: each one that holds says so; each violation is a failed line. */
export function identityChecks(requests: RequestTable, appeals: Appeals): Check[] {
  const violations = [...requestViolations(requests), ...appealViolations(appeals)];
  const failed = (check: CheckId) => violations.filter((v) => v.check === check);
  const lines: [CheckId, string][] = [
    ['column-total', '表三：每行“总计”等于六类申请人之和'],
    ['results-total', '表三：三（七）总计等于（一）至（六）之和'],
    ['balance', '表三：一 + 二 = 三（七） + 四（每一列）'],
    ['appeal-total', '表四：行政复议、行政诉讼各项“总计”等于其四项之和'],
  ];
  return lines.flatMap(([check, message]): Check[] => {
    const broken = failed(check);
    return broken.length === 0 ? [{ ok: true, message }] : broken.map((v) => ({ ok: false, message: v.message }));
  });
}
