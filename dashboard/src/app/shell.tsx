import type { ReactNode } from 'react';
import { ErrorState } from '../components/feedback';
import { useSession } from '../features/auth/session';
import { label, useI18n } from '../i18n';
import { Link, useRouter } from '../lib/router';
import { mayUse, NAV_ORDER, PAGE_PATHS } from './access';

export function Shell({ children }: { children: ReactNode }) {
  const { d, locale, setLocale } = useI18n();
  const { identity, signOut, state, error, retry } = useSession();
  const { path } = useRouter();
  const pages = NAV_ORDER.filter((page) => mayUse(identity, page));

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {d.app.skip}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label={d.app.title}>
            <span className="brand-mark" aria-hidden="true">
              公
            </span>
            <span className="brand-text">
              <span className="brand-name">{d.app.title}</span>
              <span className="brand-sub">{d.app.subtitle}</span>
            </span>
          </Link>
          <div className="topbar-tools">
            <button
              type="button"
              className="btn btn-ghost btn-small lang-switch"
              title={d.nav.languageLabel}
              lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
              onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
            >
              {d.nav.language}
            </button>
            {identity ? (
              <div className="user-box" data-testid="current-user">
                <span className="user-name" title={`${d.nav.signedInAs}: ${identity.user}`}>
                  {identity.name}
                </span>
                <span className="user-role">{identity.roles.map((r) => label(d, 'role', r)).join('、')}</span>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void signOut()}>
                  {d.nav.signOut}
                </button>
              </div>
            ) : (
              <Link to="/signin" className="btn btn-primary btn-small">
                {d.nav.signIn}
              </Link>
            )}
          </div>
        </div>
        <nav className="nav" aria-label="main">
          <div className="nav-inner">
            {pages.map((page) => {
              const href = PAGE_PATHS[page];
              const active =
                path === href || path.startsWith(`${href}/`) || (page === 'upload' && path.startsWith('/documents/'));
              return (
                <Link
                  key={page}
                  to={href}
                  className={active ? 'nav-link active' : 'nav-link'}
                  aria-current={active ? 'page' : undefined}
                >
                  {d.nav[page]}
                </Link>
              );
            })}
          </div>
        </nav>
      </header>
      <main id="main" className="main">
        {state === 'error' ? <ErrorState error={error} onRetry={retry} /> : null}
        {children}
      </main>
      <footer className="footer">{d.app.footer}</footer>
    </div>
  );
}
