import { canRerun, type DocumentRecord, type Status } from './document';
import type { Identity, Role } from './identity';

/**
 * What the registering agency's staff may still do with a document the flow is not carrying on:
 * the server checks these (shared/pipeline/staff.ts) and the dashboard offers exactly what they allow.
 *
 * - `upload`: a fresh upload link for a registration whose file has not come (DRAFT).
 * - `cancel`: 撤销登记 of a registration that never ran, was returned, or failed.
 * - `rerun`: 重新处理 of a document a step of the system failed, from the status it failed in.
 */
export type StaffAction = 'upload' | 'cancel' | 'rerun';

/** 撤销登记 applies to these. */
export const CANCELLABLE_STATUSES: ReadonlySet<Status> = new Set(['DRAFT', 'RETURNED', 'FAILED']);

/** Who may take the action on the agency's document (whatever the document's status). */
export function mayTakeAction(
  caller: Pick<Identity, 'roles' | 'agency'>,
  doc: Pick<DocumentRecord, 'agency'>,
  action: StaffAction,
): boolean {
  const own = caller.agency === doc.agency;
  const role = (r: Role) => caller.roles.includes(r);
  switch (action) {
    case 'upload':
      return own && role('uploader');
    case 'cancel':
      return role('admin') || (own && (role('uploader') || role('leader')));
    case 'rerun':
      return role('admin') || (own && role('uploader'));
  }
}

/** Whether the action applies to the document as it stands. */
export function actionApplies(doc: Pick<DocumentRecord, 'status' | 'failure'>, action: StaffAction): boolean {
  switch (action) {
    case 'upload':
      return doc.status === 'DRAFT';
    case 'cancel':
      return CANCELLABLE_STATUSES.has(doc.status);
    case 'rerun':
      return doc.status === 'FAILED' && !!doc.failure && canRerun(doc.failure, doc.failure.failedIn);
  }
}
