import { useEffect } from 'react';
import { mayListReports } from '../../../../shared/report/access';
import { Loading } from '../../components/feedback';
import { matchPath, useRouter } from '../../lib/router';
import { useSession } from '../auth/session';
import { currentYear } from '../catalog/data/categories';
import { ReportPage } from './report-page';
import { ReportStatusPage } from './status-page';

/**
 * 年度报告: `/annual-reports` is the oversight view for the oversight group and administrators and
 * the own agency's last-year report for its staff; `/annual-reports/:agency/:year` is one report.
 */
export function AnnualReportsPage() {
  const { path, search, navigate } = useRouter();
  const { identity } = useSession();
  const one = matchPath('/annual-reports/:agency/:year', path);
  const asked = Number(search.get('year'));
  const year = Number.isInteger(asked) && asked > 2000 ? asked : currentYear() - 1;
  const own = !one && identity && !mayListReports(identity) ? `/annual-reports/${identity.agency}/${year}` : null;
  useEffect(() => {
    if (own) navigate(own, { replace: true });
  }, [own, navigate]);
  if (one?.agency && one.year && /^\d{4}$/.test(one.year))
    return <ReportPage agency={one.agency} year={Number(one.year)} />;
  if (own) return <Loading />;
  return <ReportStatusPage year={year} />;
}
