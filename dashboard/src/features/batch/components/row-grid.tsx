import type { ClipboardEvent } from 'react';
import { useI18n } from '../../../i18n';
import { emptyRow, GRID_COLUMNS, type GridRow, pasteInto } from '../data/rows';

interface RowGridProps {
  readonly rows: readonly GridRow[];
  readonly onChange: (rows: GridRow[]) => void;
  /** `${row}:${column}` → why the cell is refused. */
  readonly errors: ReadonlyMap<string, string>;
  readonly disabled?: boolean;
}

/** The manifest as a grid: type into it, or paste rows copied from Excel into any cell. */
export function RowGrid({ rows, onChange, errors, disabled }: RowGridProps) {
  const { d } = useI18n();
  const label = (column: string) => d.batch.columns[column] ?? column;
  const set = (index: number, column: string, value: string) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, [column]: value } : r)));
  const paste = (index: number, column: string) => (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text/plain');
    // One cell's text is typed as usual; rows or several cells fill the grid as a spreadsheet would.
    if (!/[\t\n]/.test(text.replace(/\n$/, ''))) return;
    event.preventDefault();
    onChange(pasteInto(rows, text, { row: index, column }));
  };
  return (
    <div className="batch-grid-wrap">
      <table className="table batch-grid" aria-label={d.batch.grid}>
        <thead>
          <tr>
            <th scope="col" className="batch-grid-n">
              {d.batch.row}
            </th>
            {GRID_COLUMNS.map((column) => (
              <th key={column} scope="col" data-column={column}>
                {label(column)}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{d.batch.removeRow}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const n = index + 1;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a grid row is its position, as in a spreadsheet
              <tr key={index} data-row={n}>
                <th scope="row" className="batch-grid-n">
                  {n}
                </th>
                {GRID_COLUMNS.map((column) => {
                  const error = errors.get(`${n}:${column}`);
                  return (
                    <td key={column} className={error ? 'cell-error' : undefined}>
                      <input
                        className="batch-cell"
                        value={row[column] ?? ''}
                        aria-label={`${d.batch.row} ${n} ${label(column)}`}
                        aria-invalid={error ? true : undefined}
                        title={error}
                        disabled={disabled}
                        data-column={column}
                        onChange={(e) => set(index, column, e.target.value)}
                        onPaste={paste(index, column)}
                      />
                    </td>
                  );
                })}
                <td>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={`${d.batch.removeRow} ${n}`}
                    disabled={disabled}
                    onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="batch-grid-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={disabled}
          onClick={() => onChange([...rows, emptyRow()])}
        >
          {d.batch.addRow}
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          disabled={disabled}
          onClick={() => onChange([emptyRow()])}
        >
          {d.batch.clearRows}
        </button>
      </div>
    </div>
  );
}
