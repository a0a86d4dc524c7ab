import type { DocumentDetail, Identity } from '../../../shared/api/responses';
import { actionApplies, mayTakeAction, type StaffAction } from '../../../shared/model/actions';
import type { Role } from '../../../shared/model/identity';

export type PageId = 'catalog' | 'upload' | 'inbox' | 'pipeline' | 'scores' | 'annual' | 'admin' | 'calendar';

/** Who may use each page: everyone, anyone signed in, or the listed roles. */
export const PAGE_ACCESS: Record<PageId, 'public' | 'signed-in' | readonly Role[]> = {
  catalog: 'public',
  upload: ['uploader'],
  inbox: ['leader', 'reviewer', 'approver'],
  pipeline: 'signed-in',
  scores: ['oversight', 'admin'],
  // 年度报告: an agency's uploaders and leaders write their own; oversight and admin read all.
  annual: ['uploader', 'leader', 'oversight', 'admin'],
  // The directory, administered (features/admin): admin everything, agency-admin its own agency's.
  admin: ['admin', 'agency-admin'],
  // 节假日安排 (features/calendar): the district's administrators import the year's holidays.
  calendar: ['admin'],
};

export const NAV_ORDER: readonly PageId[] = ['upload', 'inbox', 'pipeline', 'scores', 'annual', 'admin', 'catalog'];

export const PAGE_PATHS: Record<PageId, string> = {
  catalog: '/catalog',
  upload: '/upload',
  inbox: '/inbox',
  pipeline: '/pipeline',
  scores: '/scores',
  annual: '/annual-reports',
  admin: '/admin',
  calendar: '/admin/calendar',
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
  for (const page of ['upload', 'inbox', 'scores', 'admin', 'pipeline'] as const) {
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
