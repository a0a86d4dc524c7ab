import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Loading } from '../components/feedback';
import { ADMIN_TABS, type AdminTab } from '../features/admin/tabs';
import { useSession } from '../features/auth/session';
import { SignedOutPage, SignInPage } from '../features/auth/sign-in';
import { CatalogPage } from '../features/catalog';
import { DocumentPage } from '../features/documents/document-page';
import { UploadPage } from '../features/documents/upload-page';
import { InboxPage } from '../features/inbox';
import { PipelinePage } from '../features/pipeline';
import { label, useI18n } from '../i18n';
import { Link, matchPath, useRouter } from '../lib/router';
import { homeFor, mayUse, PAGE_ACCESS, type PageId } from './access';
import { Shell } from './shell';

// recharts is most of the bundle: only the scores pages load it.
const ScoresPage = lazy(() => import('../features/scores/scores-page').then((m) => ({ default: m.ScoresPage })));
const EvidencePage = lazy(() => import('../features/scores/evidence-page').then((m) => ({ default: m.EvidencePage })));
const PrintPage = lazy(() => import('../features/scores/print-page').then((m) => ({ default: m.PrintPage })));
const AnnualReportsPage = lazy(() =>
  import('../features/annual-report').then((m) => ({ default: m.AnnualReportsPage })),
);
// Only uploaders open 批量上传 (the grid and the XLSX reader come with it).
const BatchUploadPage = lazy(() => import('../features/batch').then((m) => ({ default: m.BatchUploadPage })));
const BatchViewPage = lazy(() => import('../features/batch/batch-view').then((m) => ({ default: m.BatchViewPage })));
// Only administrators open 管理.
const AdminPage = lazy(() => import('../features/admin').then((m) => ({ default: m.AdminPage })));
const CalendarPage = lazy(() => import('../features/calendar').then((m) => ({ default: m.CalendarPage })));

export function App() {
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Routes />
      </Suspense>
    </Shell>
  );
}

function Routes() {
  const { path } = useRouter();
  const { identity, state } = useSession();
  if (state === 'checking') return <Loading />;

  if (path === '/') return <Redirect to={homeFor(identity)} />;
  if (path === '/signin') return <SignInPage />;
  if (path === '/signed-out') return <SignedOutPage />;
  if (path === '/catalog') return <CatalogPage />;
  if (path === '/upload') return <Guard page="upload">{<UploadPage />}</Guard>;
  if (path === '/upload/batch') return <Guard page="upload">{<BatchUploadPage />}</Guard>;
  const batch = matchPath('/upload/batch/:id', path);
  if (batch?.id) return <Guard page="upload">{<BatchViewPage id={batch.id} />}</Guard>;
  if (path === '/inbox') return <Guard page="inbox">{<InboxPage />}</Guard>;
  if (path === '/pipeline') return <Guard page="pipeline">{<PipelinePage />}</Guard>;
  if (path === '/scores') return <Guard page="scores">{<ScoresPage />}</Guard>;
  if (path === '/annual-reports' || path.startsWith('/annual-reports/')) {
    return <Guard page="annual">{<AnnualReportsPage />}</Guard>;
  }
  if (path === '/admin') return <Guard page="admin">{<AdminPage tab="agencies" />}</Guard>;
  if (path === '/admin/calendar') return <Guard page="calendar">{<CalendarPage />}</Guard>;
  const admin = matchPath('/admin/:tab', path);
  if (admin?.tab && (ADMIN_TABS as readonly string[]).includes(admin.tab)) {
    return <Guard page="admin">{<AdminPage tab={admin.tab as AdminTab} />}</Guard>;
  }

  const doc = matchPath('/documents/:id', path);
  if (doc?.id) return <Guard page="pipeline">{<DocumentPage id={doc.id} />}</Guard>;

  const print = matchPath('/scores/:year/print', path);
  if (print?.year && /^\d{4}$/.test(print.year)) {
    return <Guard page="scores">{<PrintPage year={Number(print.year)} />}</Guard>;
  }
  const evidence = matchPath('/scores/:agency/:year', path);
  if (evidence?.agency && evidence.year && /^\d{4}$/.test(evidence.year)) {
    return <Guard page="scores">{<EvidencePage agency={evidence.agency} year={Number(evidence.year)} />}</Guard>;
  }
  return <NotFound />;
}

function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}

function Guard({ page, children }: { page: PageId; children: ReactNode }) {
  const { d } = useI18n();
  const { identity } = useSession();
  const { path, search } = useRouter();
  if (mayUse(identity, page)) return <>{children}</>;
  if (!identity) {
    const next = `${path}${search.size ? `?${search}` : ''}`;
    return (
      <div className="blocked">
        <h1>{d.common.needSignIn}</h1>
        <p>{d.common.needSignInHint}</p>
        <Link className="btn btn-primary" to={`/signin?next=${encodeURIComponent(next)}`}>
          {d.nav.signIn}
        </Link>
      </div>
    );
  }
  const access = PAGE_ACCESS[page];
  const roles = typeof access === 'string' ? '' : access.map((r) => label(d, 'role', r)).join('、');
  return (
    <div className="blocked">
      <h1>{d.common.forbidden}</h1>
      <p>{d.common.forbiddenHint(roles)}</p>
    </div>
  );
}

function NotFound() {
  const { d } = useI18n();
  return (
    <div className="blocked">
      <h1>{d.common.notFound}</h1>
      <p>{d.common.notFoundHint}</p>
      <Link className="btn" to="/">
        {d.common.back}
      </Link>
    </div>
  );
}
