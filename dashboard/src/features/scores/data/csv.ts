import type { AgencyScores } from '../../../../../shared/api/responses';
import { SCORE_NAMES } from '../../../../../shared/model/scores';
import { type Dict, label } from '../../../i18n';

const pct = (v: number | null) => (v === null ? '' : (v * 100).toFixed(1));

function cell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per agency; percentages with one decimal, machine-readable (no locale separators). */
export function scoresCsv(rows: readonly AgencyScores[], d: Dict): string {
  const h = d.scores.csvHeader;
  const header = [h.agency, h.agencyId];
  for (const key of SCORE_NAMES) {
    const name = label(d, 'score', key);
    header.push(
      `${name} ${h.numerator}`,
      `${name} ${h.denominator}`,
      `${name} ${h.value}`,
      `${name} ${h.low}`,
      `${name} ${h.high}`,
    );
  }
  const lines = [header.map(cell).join(',')];
  for (const row of rows) {
    const cells: Array<string | number> = [row.name, row.agency];
    for (const key of SCORE_NAMES) {
      const s = row[key];
      cells.push(s.numerator, s.denominator, pct(s.value), pct(s.low), pct(s.high));
    }
    lines.push(cells.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Saves the text as a UTF-8 file with a BOM, so Excel reads the Chinese correctly. */
export function downloadCsv(filename: string, csv: string): void {
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
