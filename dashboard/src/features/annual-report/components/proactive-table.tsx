import type { AnnualReport } from '../../../../../shared/api/responses';
import type { DecisionType } from '../../../../../shared/model/lifecycle';
import type { EnteredCount } from '../../../../../shared/report/model';
import { useI18n } from '../../../i18n';
import { NumberCell } from './number-cell';

type Figure = AnnualReport['proactive']['licensing'];

/** 二、主动公开政府信息情况: computed from the documents (marked); a decision count may be entered instead. */
export function ProactiveTable({
  proactive,
  decisionCounts,
  charges,
  readOnly,
  onDecision,
  onCharges,
}: {
  readonly proactive: AnnualReport['proactive'];
  readonly decisionCounts: Partial<Record<DecisionType, EnteredCount>>;
  readonly charges: number;
  readonly readOnly: boolean;
  readonly onDecision: (type: DecisionType, value: EnteredCount | undefined) => void;
  readonly onCharges: (value: number) => void;
}) {
  const { d } = useI18n();
  const w = d.annual;
  const mark = (f: Figure) =>
    f.source === 'computed' ? (
      <span className="badge badge-neutral figure-mark" title={w.computedHint}>
        {w.computed}
      </span>
    ) : (
      <span className="badge badge-waiting figure-mark" title={f.note ?? ''}>
        {w.entered}
        {f.note ? `：${f.note}` : ''}
      </span>
    );
  const figure = (f: Figure, label: string) => (
    <td className={f.source === 'computed' ? 'figure-cell figure-computed' : 'figure-cell'} aria-label={label}>
      {f.value} {mark(f)}
    </td>
  );
  const normativeRows = (['regulations', 'normative'] as const).map((id) => {
    const row = proactive[id];
    return (
      <tr key={id}>
        <th scope="row">{w.proactiveRows[id]}</th>
        {figure(row.issued, `${w.proactiveRows[id]} · ${w.proactiveColumns.issued}`)}
        {figure(row.abolished, `${w.proactiveRows[id]} · ${w.proactiveColumns.abolished}`)}
        {figure(row.inForce, `${w.proactiveRows[id]} · ${w.proactiveColumns.inForce}`)}
      </tr>
    );
  });
  const decision = (type: DecisionType) => {
    const entered = decisionCounts[type];
    const label = `${w.proactiveRows[type]} · ${w.proactiveColumns.decisions}`;
    return (
      <tr key={type}>
        <th scope="row">{w.proactiveRows[type]}</th>
        {entered && !readOnly ? (
          <td colSpan={3}>
            <div className="decision-entry">
              <input
                type="number"
                min={0}
                step={1}
                aria-label={label}
                value={entered.count}
                onChange={(e) =>
                  onDecision(type, { ...entered, count: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })
                }
              />
              <input
                type="text"
                aria-label={`${label} · ${w.source}`}
                placeholder={w.sourcePlaceholder}
                value={entered.source}
                onChange={(e) => onDecision(type, { ...entered, source: e.target.value })}
              />
              <button type="button" className="btn btn-ghost btn-small" onClick={() => onDecision(type, undefined)}>
                {w.useComputed}
              </button>
            </div>
          </td>
        ) : (
          <td
            colSpan={3}
            aria-label={label}
            className={proactive[type].source === 'computed' ? 'figure-computed' : undefined}
          >
            <div className="decision-entry">
              <span>{proactive[type].value}</span> {mark(proactive[type])}
              {readOnly ? null : (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => onDecision(type, { count: proactive[type].value, source: '' })}
                >
                  {w.enterInstead}
                </button>
              )}
            </div>
          </td>
        )}
      </tr>
    );
  };
  const lapsed = proactive.regulations.lapsed + proactive.normative.lapsed;
  return (
    <div className="table-scroll">
      <table className="table report-table proactive-table" data-testid="proactive-table">
        <tbody>
          <tr className="item-row">
            <th colSpan={4}>第二十条第（一）项</th>
          </tr>
          <tr>
            <th scope="col">{w.content}</th>
            <th scope="col">{w.proactiveColumns.issued}</th>
            <th scope="col">{w.proactiveColumns.abolished}</th>
            <th scope="col">{w.proactiveColumns.inForce}</th>
          </tr>
          {normativeRows}
          <tr className="item-row">
            <th colSpan={4}>第二十条第（五）项 · 第（六）项</th>
          </tr>
          {(['licensing', 'punishment', 'enforcement'] as const).map(decision)}
          <tr className="item-row">
            <th colSpan={4}>第二十条第（八）项</th>
          </tr>
          <tr>
            <th scope="row">{w.fees.charges}</th>
            <NumberCell value={charges} label={w.fees.charges} step={0.0001} readOnly={readOnly} onChange={onCharges} />
            <td colSpan={2} />
          </tr>
        </tbody>
      </table>
      {lapsed > 0 ? <p className="muted small">{w.lapsed(lapsed)}</p> : null}
    </div>
  );
}
