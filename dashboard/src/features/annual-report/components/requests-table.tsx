import type { Violation } from '../../../../../shared/report/checks';
import {
  APPLICANT_COLUMNS,
  REQUEST_COLUMNS,
  REQUEST_ROWS,
  type RequestColumn,
  type RequestRowId,
} from '../../../../../shared/report/template';
import { useI18n } from '../../../i18n';
import { NumberCell } from './number-cell';

/** 三、收到和处理政府信息公开申请情况: entered cells editable, 总计 and 三（七） computed. */
export function RequestsTable({
  requests,
  violations,
  readOnly,
  onChange,
}: {
  readonly requests: Readonly<Record<RequestRowId, readonly number[]>>;
  readonly violations: readonly Violation[];
  readonly readOnly: boolean;
  readonly onChange: (row: RequestRowId, column: number, value: number) => void;
}) {
  const { d } = useI18n();
  const w = d.annual;
  const bad = (row: RequestRowId, column: RequestColumn) =>
    violations.some((v) => v.table === 'requests' && v.row === row && v.column === column);
  const organisations = APPLICANT_COLUMNS.filter((c) => c !== 'natural');
  return (
    <div className="table-scroll">
      <table className="table report-table" data-testid="requests-table">
        <thead>
          <tr>
            <th rowSpan={2} scope="col" />
            <th rowSpan={2} scope="col">
              {w.requestColumns.natural}
            </th>
            <th colSpan={organisations.length} scope="colgroup">
              {w.organisations}
            </th>
            <th rowSpan={2} scope="col">
              {w.requestColumns.total}
            </th>
          </tr>
          <tr>
            {organisations.map((c) => (
              <th key={c} scope="col">
                {w.requestColumns[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {REQUEST_ROWS.map((row) => (
            <tr key={row} className={row === 'resultsTotal' ? 'row-total' : undefined}>
              <th scope="row" className="report-row-label">
                {w.requestRows[row]}
              </th>
              {REQUEST_COLUMNS.map((column, i) => (
                <NumberCell
                  key={column}
                  value={requests[row]?.[i] ?? 0}
                  label={`${w.requestRows[row]} · ${w.requestColumns[column]}`}
                  computed={column === 'total' || row === 'resultsTotal'}
                  invalid={bad(row, column)}
                  readOnly={readOnly}
                  onChange={(value) => onChange(row, i, value)}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
