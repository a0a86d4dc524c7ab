import {
  AgencyListSchema,
  type Identity,
  IdentityListSchema,
  type PublicAgency,
} from '../../../../shared/api/responses';
import { api } from '../../lib/api';
import { type Resource, useResource } from '../../lib/use-resource';

/** The directory changes rarely: one request per page load, retried after a failure. */
function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending) {
      pending = load();
      pending.catch(() => {
        pending = null;
      });
    }
    return pending;
  };
}

const loadAgencies = cached(() => api('/api/agencies', AgencyListSchema));
const loadIdentities = cached(() => api('/api/dev/identities', IdentityListSchema));

export function useAgencies(): Resource<PublicAgency[]> {
  return useResource('agencies', () => loadAgencies());
}

/** Demo identities (local runtime only): used to show people's names instead of their ids. */
export function useIdentities(): Resource<Identity[]> {
  return useResource('identities', () => loadIdentities());
}

export function agencyName(agencies: readonly PublicAgency[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return agencies?.find((a) => a.id === id)?.name ?? id;
}

export function personName(people: readonly Identity[] | undefined, user: string): string {
  const person = people?.find((p) => p.user === user);
  return person ? `${person.name} (${person.user})` : user;
}
