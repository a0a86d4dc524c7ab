import { mayListReports } from '../../../../../shared/report/access';
import { DISTRICT, DISTRICT_NAME } from '../../../../../shared/report/template';
import { useI18n } from '../../../i18n';
import { useAgencies } from '../../agencies/directory';
import { useSession } from '../../auth/session';
import { currentYear } from '../../catalog/data/categories';

/** The last five years: the one being written and those before it. */
export const reportYears = () => Array.from({ length: 5 }, (_, i) => currentYear() - i);

/** Which report: the year, and for the oversight group and administrators the agency (or the district). */
export function ReportPicker({
  agency,
  year,
  onPick,
}: {
  readonly agency: string;
  readonly year: number;
  readonly onPick: (agency: string, year: number) => void;
}) {
  const { d } = useI18n();
  const { identity } = useSession();
  const agencies = useAgencies();
  const everyAgency = !!identity && mayListReports(identity);
  const active = (agencies.data ?? []).filter((a) => a.status === 'active');
  const years = reportYears().includes(year) ? reportYears() : [year, ...reportYears()];
  return (
    <>
      {everyAgency ? (
        <label className="inline-field">
          <span>{d.annual.agency}</span>
          <select value={agency} onChange={(e) => onPick(e.target.value, year)}>
            <option value={DISTRICT}>{DISTRICT_NAME}</option>
            {active.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="inline-field">
        <span>{d.annual.year}</span>
        <select value={year} onChange={(e) => onPick(agency, Number(e.target.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {d.annual.yearOf(y)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
