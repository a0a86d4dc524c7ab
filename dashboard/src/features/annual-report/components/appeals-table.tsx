import type { Violation } from '../../../../../shared/report/checks';
import { APPEAL_GROUPS, APPEAL_OUTCOMES, appealIndex } from '../../../../../shared/report/template';
import { useI18n } from '../../../i18n';
import { NumberCell } from './number-cell';

/** 四、行政复议、行政诉讼: each group's four outcomes entered, its 总计 computed. */
export function AppealsTable({
  appeals,
  violations,
  readOnly,
  onChange,
}: {
  readonly appeals: readonly number[];
  readonly violations: readonly Violation[];
  readonly readOnly: boolean;
  readonly onChange: (index: number, value: number) => void;
}) {
  const { d } = useI18n();
  const w = d.annual;
  return (
    <div className="table-scroll">
      <table className="table report-table" data-testid="appeals-table">
        <thead>
          <tr>
            <th colSpan={APPEAL_OUTCOMES.length} rowSpan={2} scope="colgroup">
              {w.appealGroups.review}
            </th>
            <th colSpan={APPEAL_OUTCOMES.length * 2} scope="colgroup">
              {w.litigation}
            </th>
          </tr>
          <tr>
            {(['litigationDirect', 'litigationAfterReview'] as const).map((g) => (
              <th key={g} colSpan={APPEAL_OUTCOMES.length} scope="colgroup">
                {w.appealGroups[g]}
              </th>
            ))}
          </tr>
          <tr>
            {APPEAL_GROUPS.flatMap((g) =>
              APPEAL_OUTCOMES.map((o) => (
                <th key={`${g}.${o}`} scope="col">
                  {w.appealOutcomes[o]}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          <tr>
            {APPEAL_GROUPS.flatMap((g) =>
              APPEAL_OUTCOMES.map((o) => {
                const i = appealIndex(g, o);
                return (
                  <NumberCell
                    key={`${g}.${o}`}
                    value={appeals[i] ?? 0}
                    label={`${w.appealGroups[g]} · ${w.appealOutcomes[o]}`}
                    computed={o === 'total'}
                    invalid={o === 'total' && violations.some((v) => v.table === 'appeals' && v.row === g)}
                    readOnly={readOnly}
                    onChange={(value) => onChange(i, value)}
                  />
                );
              }),
            )}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
