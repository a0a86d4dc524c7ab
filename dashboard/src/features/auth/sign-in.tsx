import { useEffect, useRef, useState } from 'react';
import { homeFor } from '../../app/access';
import { ErrorState, PageHeader } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { useRouter } from '../../lib/router';
import { safeNext } from './oidc';
import { type SignInFailure, useSession } from './session';

/**
 * /signin: straight on to the identity provider's sign-in page (locally, the one that lists the
 * demo people: one click), back at `next`. What went wrong last time is said here instead.
 */
export function SignInPage() {
  const { d } = useI18n();
  const { identity, failure, signIn, signOut } = useSession();
  const { search, navigate } = useRouter();
  const next = safeNext(search.get('next'));
  const [error, setError] = useState<unknown>(undefined);
  const started = useRef(false);

  useEffect(() => {
    if (identity) {
      navigate(next ?? homeFor(identity), { replace: true });
      return;
    }
    if (failure || started.current) return;
    started.current = true;
    signIn(next).catch(setError);
  }, [identity, failure, next, navigate, signIn]);

  const go = () => {
    setError(undefined);
    signIn(next).catch(setError);
  };

  return (
    <section className="signin">
      <PageHeader title={d.signIn.title} lead={d.signIn.hint} />
      {error ? <ErrorState title={d.signIn.configFailed} error={error} onRetry={go} /> : null}
      {failure ? <FailureNotice failure={failure} /> : error ? null : <p className="muted">{d.signIn.redirecting}</p>}
      <div className="signin-actions">
        <button type="button" className="btn btn-primary" onClick={go} data-action="sign-in">
          {d.signIn.go}
        </button>
        {failure?.kind === 'refused' ? (
          <button type="button" className="btn" onClick={() => void signOut()} data-action="sign-out-provider">
            {d.signIn.signOutProvider}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function FailureNotice({ failure }: { failure: SignInFailure }) {
  const { d } = useI18n();
  if (failure.kind === 'expired') {
    return (
      <p className="notice notice-info" role="status">
        {d.signIn.expired}
      </p>
    );
  }
  if (failure.kind === 'refused') {
    const text = failure.code === 'user_disabled' ? d.signIn.disabled : d.signIn.notInDirectory;
    return (
      <p className="notice notice-error" role="alert" data-code={failure.code}>
        {text}
      </p>
    );
  }
  return <ErrorState title={d.signIn.failed} error={failure.error} />;
}

/** Where the provider returns after signing out. */
export function SignedOutPage() {
  const { d } = useI18n();
  const { signIn } = useSession();
  return (
    <section className="signin" data-testid="signed-out">
      <PageHeader title={d.signIn.signedOut} lead={d.signIn.signedOutHint} />
      <div className="signin-actions">
        <button type="button" className="btn btn-primary" onClick={() => void signIn()} data-action="sign-in">
          {d.signIn.signInAgain}
        </button>
      </div>
    </section>
  );
}
