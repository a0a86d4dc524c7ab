import { PageHeader } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { useSession } from '../auth/session';
import { AgenciesTab } from './agencies';
import { agencyLabel, useDirectory } from './data/directory';
import { DepartmentsTab } from './departments';
import { ImportTab } from './import';
import { LogTab } from './log';
import { ADMIN_TABS, type AdminTab, adminPath } from './tabs';
import { UsersTab } from './users';
import './admin.css';

/**
 * 管理: the directory administered. `admin` (the district disclosure office) everything; an
 * `agency-admin` their own agency's departments, leader assignments and users — the server
 * decides (shared/directory/access.ts); the page only leaves out what they could not do.
 */
export function AdminPage({ tab }: { tab: AdminTab }) {
  const { d } = useI18n();
  const { identity } = useSession();
  const data = useDirectory();
  const isAdmin = identity?.roles.includes('admin') ?? false;
  const ownAgency = isAdmin ? undefined : identity?.agency;
  const lead = ownAgency ? d.admin.leadAgencyAdmin(agencyLabel(data.agencies.data, ownAgency)) : d.admin.lead;
  return (
    <section>
      <PageHeader title={d.admin.title} lead={lead} />
      <nav className="tabs admin-tabs" aria-label={d.admin.title}>
        {ADMIN_TABS.map((key) => (
          <Link
            key={key}
            to={adminPath(key)}
            className={key === tab ? 'tab tab-active' : 'tab'}
            aria-current={key === tab ? 'page' : undefined}
          >
            {d.admin.tabs[key]}
          </Link>
        ))}
        {/* The holiday calendar has its own page (features/calendar), for admin only. */}
        {isAdmin ? (
          <Link to="/admin/calendar" className="tab">
            {d.calendar.link}
          </Link>
        ) : null}
      </nav>
      {tab === 'agencies' ? <AgenciesTab data={data} canEdit={isAdmin} /> : null}
      {tab === 'departments' ? <DepartmentsTab data={data} ownAgency={ownAgency} /> : null}
      {tab === 'users' ? <UsersTab data={data} ownAgency={ownAgency} /> : null}
      {tab === 'import' ? <ImportTab onImported={data.reload} /> : null}
      {tab === 'log' ? <LogTab data={data} /> : null}
    </section>
  );
}
