import type { DocumentDetail, Identity } from '../../../shared/api/responses';
import { actionApplies, mayTakeAction, type StaffAction } from '../../../shared/model/actions';
import type { Role } from '../../../shared/model/identity';

export type PageId = 'catalog' | 'upload' | 'inbox' | 'pipeline' | 'scores';

/** Who may use each page: everyone, anyone signed in, or the listed roles. */
export const PAGE_ACCESS: Record<PageId, 'public' | 'signed-in' | readonly Role[]> = {
  catalog: 'public',
  upload: ['uploader'],
  inbox: ['leader', 'reviewer', 'approver'],
  pipeline: 'signed-in',
  scores: ['oversight', 'admin'],
};

export const NAV_ORDER: readonly PageId[] = ['upload', 'inbox', 'pipeline', 'scores', 'catalog'];

export const PAGE_PATHS: Record<PageId, string> = {
  catalog: '/catalog',
  upload: '/upload',
  inbox: '/inbox',
  pipeline: '/pipeline',
  scores: '/scores',
};

export function hasAnyRole(identity: Identity | null, roles: readonly Role[]): boolean {
  return !!identity && identity.roles.some((r) => roles.includes(r));
}

export function mayUse(identity: Identity | null, page: PageId): boolean {
  const access = PAGE_ACCESS[page];
  if (access === 'public') return true;
  if (!identity) return false;
  if (access === 'signed-in') return true;
  return hasAnyRole(identity, access);
}

/** The first page a person lands on after signing in. */
export function homeFor(identity: Identity | null): string {
  if (!identity) return PAGE_PATHS.catalog;
  for (const page of ['upload', 'inbox', 'scores', 'pipeline'] as const) {
    if (mayUse(identity, page)) return PAGE_PATHS[page];
  }
  return PAGE_PATHS.catalog;
}

/**
 * Whether a document's page offers a staff action (a fresh upload link, 撤销登记, 重新处理): the
 * server's own rules (shared/model/actions.ts), so a button shows only where the call would be allowed.
 */
export function mayAct(
  identity: Identity | null,
  doc: Pick<DocumentDetail, 'agency' | 'status' | 'failure'>,
  action: StaffAction,
): boolean {
  return !!identity && mayTakeAction(identity, doc, action) && actionApplies(doc, action);
}
