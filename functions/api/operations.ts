/**
 * Every route of the API and who may call it: the one list that the OpenAPI document, the API
 * Gateway routes (infra/constructs/api.ts) and the cdk-nag acknowledgement are derived from.
 * Kept free of heavy imports: the CDK app reads it at synth time.
 */
export type Access = 'public' | 'signed-in';

export interface Operation {
  readonly method: 'get' | 'post' | 'put';
  /** OpenAPI path syntax: `{id}` for a parameter. */
  readonly path: string;
  readonly summary: string;
  readonly access: Access;
}

export const OPERATIONS = [
  { method: 'get', path: '/api/health', summary: 'Liveness', access: 'public' },
  { method: 'get', path: '/api/catalog', summary: 'Public catalogue (READ-4)', access: 'public' },
  {
    method: 'get',
    path: '/api/catalog/entries/{documentId}',
    summary: 'One catalogue entry; counts the query, once per visitor and day (READ-5(6))',
    access: 'public',
  },
  { method: 'get', path: '/api/agencies', summary: 'Agencies and their departments', access: 'public' },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', access: 'public' },
  { method: 'get', path: '/api/me', summary: 'The signed-in caller', access: 'signed-in' },
  {
    method: 'post',
    path: '/api/documents',
    summary: 'Register a document (uploader, own agency) → {id, uploadUrl}',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/documents',
    summary:
      "The caller's agency's documents, newest first: a page of `limit` (≤ 100), `cursor` = the last page's `next`",
    access: 'signed-in',
  },
  { method: 'get', path: '/api/documents/{id}', summary: 'Status and history', access: 'signed-in' },
  {
    method: 'post',
    path: '/api/documents/{id}/corrections',
    summary: '更正 by the publisher (COORD-6)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/documents/{id}/withdrawal',
    summary: '撤回 by the publisher (COORD-6)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/documents/{id}/upload-url',
    summary: 'A fresh upload link for a DRAFT (its agency’s uploader; 409 unless DRAFT) → {uploadUrl}',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/documents/{id}/cancel',
    summary: '撤销登记 of a DRAFT, RETURNED or FAILED document (its agency’s uploader or leader, or admin)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/documents/{id}/rerun',
    summary: '重新处理 of a document the system failed (its agency’s uploader, or admin; 409 for a refused file)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/documents/{id}/abolish',
    summary: '废止 of a published regulation or normative document, with the day and the abolishing document',
    access: 'signed-in',
  },
  // Bulk intake (functions/api/routes/batches.ts): an agency's uploaders open batches and send their rows.
  {
    method: 'post',
    path: '/api/batches',
    summary: 'Open a batch (uploader, own agency) → {id, folder, singleFolder}',
    access: 'signed-in',
  },
  { method: 'get', path: '/api/batches', summary: "The caller's agency's batches", access: 'signed-in' },
  {
    method: 'get',
    path: '/api/batches/{id}',
    summary: 'A batch: each row and its document’s status, counts per stage, the report (its agency, district roles)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/batches/{id}/rows',
    summary: 'Register rows of a batch (its agency’s uploaders; ≤ 100 a request) → each row’s document and upload URL',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/tasks',
    summary: "The caller's open tasks, soonest due first: a page of `limit` (≤ 100), `cursor` = the last page's `next`",
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/tasks/{id}/decision',
    summary: 'Decide a task (assignee only; 409 when closed, unless retried with the Idempotency-Key that decided it)',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/tasks/{id}/excerpt',
    summary: "The extracted text of an open task's document, with the findings in it (assignee only)",
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/tasks/{id}/redaction',
    summary: 'Where to upload a redacted version (review tasks)',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/pipeline',
    summary:
      'Documents in flight with working days left, agency by agency: a page of `limit` (≤ 100), `cursor` = `next`',
    access: 'signed-in',
  },
  { method: 'get', path: '/api/scores', summary: 'Annual scores per agency (oversight, admin)', access: 'signed-in' },
  { method: 'get', path: '/api/scores/years', summary: 'Years with scores', access: 'signed-in' },
  { method: 'get', path: '/api/scores/{agency}/{year}', summary: 'Scores with the evidence', access: 'signed-in' },
  // 政府信息公开工作年度报告 (条例 arts. 49, 50): an agency's uploaders and leaders write and submit
  // their own; oversight and admin read all and write the district's (functions/api/routes/reports.ts).
  {
    method: 'get',
    path: '/api/annual-reports',
    summary: "Every agency's annual report against its deadline (oversight, admin)",
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/annual-reports/{agency}/{year}',
    summary: 'An annual report: tables 二 (computed), 三, 四, the text and its checks',
    access: 'signed-in',
  },
  {
    method: 'put',
    path: '/api/annual-reports/{agency}/{year}',
    summary:
      'Write any of requests, appeals, fees, decisionCounts, sections (400 invalid_report names each broken identity)',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/annual-reports/{agency}/{year}/report.docx',
    summary: 'The report in the national layout (DOCX)',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/annual-reports/{agency}/{year}/report.csv',
    summary: 'The report as CSV (the CSV import reads it back)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/annual-reports/{agency}/{year}/submit',
    summary:
      'The finished report enters the pipeline as a proactive document (due 31 January; district 31 March) → {documentId}',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/reviews/attributes',
    summary: 'Quarterly review of disclosure attributes (REVIEW-3.4)',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/reviews/withheld',
    summary: 'Yearly self-check of withheld information (FIVE-4)',
    access: 'signed-in',
  },
  // The directory, administered: admin everything, agency-admin its own agency's departments,
  // leader assignments and users (functions/api/routes/directory.ts).
  {
    method: 'get',
    path: '/api/directory/agencies',
    summary: 'Agencies as administered (admin, agency-admin)',
    access: 'signed-in',
  },
  { method: 'post', path: '/api/directory/agencies', summary: 'Create an agency (admin)', access: 'signed-in' },
  {
    method: 'put',
    path: '/api/directory/agencies/{id}',
    summary: 'Rename, set the code, COORD-4 competences, the head, the disclosure office (admin)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/directory/agencies/{id}/abolish',
    summary: 'COORD-3: abolish, with the deciding agency and the successor (admin)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/directory/agencies/{agency}/departments',
    summary: 'Create a department with its leader in charge (admin, its agency-admin)',
    access: 'signed-in',
  },
  {
    method: 'put',
    path: '/api/directory/agencies/{agency}/departments/{id}',
    summary: 'Rename a department (admin, its agency-admin)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/directory/agencies/{agency}/departments/{id}/leader',
    summary: 'EXPAND-2: assign the leader in charge from a date; open sign-offs move to them (admin, its agency-admin)',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/directory/departments',
    summary: 'Departments with their leaders (admin, agency-admin: own)',
    access: 'signed-in',
  },
  {
    method: 'get',
    path: '/api/directory/users',
    summary: 'Users (admin, agency-admin: own agency)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/directory/users',
    summary: 'Create a user (admin, agency-admin: own agency)',
    access: 'signed-in',
  },
  {
    method: 'put',
    path: '/api/directory/users/{id}',
    summary: 'Name, roles, agency, department, e-mail of a user (admin, agency-admin: own agency)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/directory/users/{id}/disable',
    summary: 'Disable a user: no sign-in or API call within a minute (admin, agency-admin: own agency)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/directory/users/{id}/enable',
    summary: 'Enable a disabled user again',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/directory/users/{id}/subject',
    summary: "Link (or unlink) the identity provider's subject to the user",
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/directory/import',
    summary: 'Bulk import of a CSV (dryRun: check only); all rows or none',
    access: 'signed-in',
  },
  { method: 'get', path: '/api/directory/imports', summary: 'Bulk imports and how far each got', access: 'signed-in' },
  { method: 'get', path: '/api/directory/export', summary: 'The directory as an import file', access: 'signed-in' },
  { method: 'get', path: '/api/directory/log', summary: 'The directory change log, newest first', access: 'signed-in' },
  // The holiday calendar as data (functions/api/routes/calendar.ts): admin only.
  {
    method: 'get',
    path: '/api/calendar/years',
    summary: 'The holiday arrangements imported, by year (admin)',
    access: 'signed-in',
  },
  {
    method: 'post',
    path: '/api/calendar/years',
    summary:
      "Import a year's holidays and 调休 working days; recomputes in-flight deadlines (admin; dryRun: check only)",
    access: 'signed-in',
  },
] as const satisfies readonly Operation[];

export type OperationKey = `${(typeof OPERATIONS)[number]['method']} ${(typeof OPERATIONS)[number]['path']}`;

/** Paths anyone may GET without signing in: the public catalogue (READ-4, READ-6) and health. */
export const PUBLIC_PATHS: readonly string[] = OPERATIONS.filter((op) => op.access === 'public').map((op) => op.path);
