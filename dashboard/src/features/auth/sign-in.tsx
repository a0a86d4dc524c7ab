import { useMemo, useState } from 'react';
import type { Identity } from '../../../../shared/api/responses';
import { homeFor } from '../../app/access';
import { RoleChips } from '../../components/badges';
import { ErrorState, Loading, PageHeader } from '../../components/feedback';
import { useI18n } from '../../i18n';
import { useRouter } from '../../lib/router';
import { agencyName, useAgencies, useIdentities } from '../agencies/directory';
import { useSession } from './session';

export function SignInPage() {
  const { d } = useI18n();
  const { signIn } = useSession();
  const { search, navigate } = useRouter();
  const identities = useIdentities();
  const agencies = useAgencies();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);

  const groups = useMemo(() => {
    const byAgency = new Map<string, Identity[]>();
    for (const person of identities.data ?? []) {
      const list = byAgency.get(person.agency) ?? [];
      list.push(person);
      byAgency.set(person.agency, list);
    }
    // The district's own order: by agency code when the directory is there, else by name.
    const code = (id: string) => agencies.data?.find((a) => a.id === id)?.code ?? id;
    return [...byAgency.entries()].sort((a, b) => code(a[0]).localeCompare(code(b[0])));
  }, [identities.data, agencies.data]);

  const departmentName = (person: Identity) => {
    const dept = agencies.data
      ?.find((a) => a.id === person.agency)
      ?.departments.find((x) => x.id === person.department);
    return dept?.name ?? person.department ?? '';
  };

  const choose = async (user: string) => {
    setPending(user);
    setError(undefined);
    try {
      const me = await signIn(user);
      const next = search.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : homeFor(me));
    } catch (err) {
      setError(err);
      setPending(null);
    }
  };

  return (
    <section>
      <PageHeader title={d.signIn.title} lead={d.signIn.hint} />
      {error ? <ErrorState error={error} /> : null}
      {identities.loading && !identities.data ? <Loading /> : null}
      {identities.error ? (
        <ErrorState title={d.signIn.loadFailed} error={identities.error} onRetry={identities.reload} />
      ) : null}
      <div className="agency-groups">
        {groups.map(([agency, people]) => (
          <section key={agency} className="card agency-group" aria-label={agencyName(agencies.data, agency)}>
            <h2 className="card-title">
              {agencyName(agencies.data, agency)}
              <span className="muted small"> · {d.signIn.agencyUsers(people.length)}</span>
            </h2>
            <ul className="people">
              {people.map((person) => (
                <li key={person.user}>
                  <button
                    type="button"
                    className="person"
                    data-user={person.user}
                    disabled={pending !== null}
                    onClick={() => void choose(person.user)}
                  >
                    <span className="person-name">{person.name}</span>
                    <span className="person-id">{person.user}</span>
                    <RoleChips roles={person.roles} />
                    {person.department ? <span className="person-dept">{departmentName(person)}</span> : null}
                    {pending === person.user ? <span className="muted small">{d.signIn.signingIn}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
