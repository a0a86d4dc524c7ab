/**
 * The HTTP API in-process: `createApi` over the in-memory adapters, called with `app.request` — real
 * routing, middleware and error mapping, no port and no server. Documents and tasks are put into the
 * state a test needs through the domain's use cases, as the workflow's steps would.
 */

import { randomUUID } from 'node:crypto';
import { createApi } from '../../functions/api/app';
import type { Authenticator } from '../../functions/api/auth';
import type { VisitorOf } from '../../functions/api/visitor';
import { SettableClock } from '../../infra/local/clock';
import { DEMO_USERS } from '../../infra/local/demo/district';
import type { DocumentMetadata, DocumentRecord } from '../../shared/model/document';
import type { Identity } from '../../shared/model/identity';
import type { TaskKind } from '../../shared/model/task';
import type { ObjectCreatedEvent } from '../../shared/pipeline/events';
import { failDocument } from '../../shared/pipeline/failure';
import { intake } from '../../shared/pipeline/intake';
import { publishDocument } from '../../shared/pipeline/publish';
import { reviewDocument } from '../../shared/pipeline/review';
import { routeDocument } from '../../shared/pipeline/route';
import { decideTask } from '../../shared/pipeline/tasks/decide';
import { openTask } from '../../shared/pipeline/tasks/open';
import { approverGroup, REVIEW_GROUP } from '../../shared/pipeline/tasks/rules';
import { registerDocument } from '../../shared/pipeline/upload';
import type { Directory } from '../../shared/ports';
import { createMemoryDeps, type MemoryDeps } from '../support/memory';

/** The header naming the caller in these tests. */
export const TEST_USER_HEADER = 'x-test-user';

/**
 * Signs the caller in from a test header: the user it names, as the directory knows them. The real
 * authenticators are tested elsewhere, over the real runtimes: LocalTokens (HS256 bearer tokens)
 * through the local runtime's sign-in (test/integration/*.test.ts) and cognitoAuthenticator (API
 * Gateway's JWT claims) in test/integration/lambda.test.ts. Here only who is calling matters.
 */
export function headerAuthenticator(directory: Directory): Authenticator {
  return async (c) => {
    const user = c.req.header(TEST_USER_HEADER);
    return user ? directory.getUser(user) : undefined;
  };
}

/** The header giving the caller's address in these tests (the socket's or API Gateway's, really). */
export const TEST_ADDRESS_HEADER = 'x-test-address';

/**
 * The visitor from test headers: the address in TEST_ADDRESS_HEADER (203.0.113.1 unless given) and
 * the User-Agent. The real ones read API Gateway's event (test/integration/lambda.test.ts) and
 * the node server's socket (test/integration/rules.test.ts).
 */
export const headerVisitor: VisitorOf = (c) => ({
  address: c.req.header(TEST_ADDRESS_HEADER) ?? '203.0.113.1',
  userAgent: c.req.header('user-agent') ?? '',
});

/** Every kind of caller the access rules tell apart, as a demo user (anonymous: nobody signed in). */
export const PEOPLE = {
  anonymous: undefined,
  /** 区教育局's uploader. */
  uploaderEdu: 'zhang.wei',
  /** 区卫生健康局's uploader: another agency. */
  uploaderOther: 'liu.yang',
  /** 区教育局's leader, who signs off its documents (EXPAND-2). */
  leader: 'li.na',
  /** 预审小组 (REVIEW-2), district-wide. */
  reviewer: 'wang.fang',
  /** 区统计局's leader, competent department for statistics (COORD-4). */
  approver: 'zhao.lei',
  /** 监督小组 (REVIEW-4.2), district-wide. */
  oversight: 'qian.hui',
  admin: 'ops',
  /** 区教育局's agency administrator: its departments, leader assignments and users. */
  agencyAdmin: 'he.jun',
} as const satisfies Record<string, string | undefined>;
export type Who = keyof typeof PEOPLE;
export const EVERYONE = Object.keys(PEOPLE) as Who[];

/** The clock of every world: Tuesday 2026-11-24, 10:00 in Beijing. */
export const NOW = '2026-11-24T02:00:00.000Z';
export const YEAR = 2026;

/** What an agency submits (POST /api/documents), for 区教育局's office. */
export const EDU_METADATA = {
  title: '关于做好2026年冬季供暖保障工作的通知',
  agency: 'edu',
  department: 'office',
  category: '02',
  documentNumber: '台教发〔2026〕31号',
  formedAt: '2026-11-20',
  disclosure: 'proactive',
  origin: 'made',
  filename: 'notice.txt',
  contentType: 'text/plain',
} as const satisfies DocumentMetadata;

/** The same for 区卫生健康局. */
export const HEALTH_METADATA = {
  ...EDU_METADATA,
  title: '关于加强冬春季传染病防控工作的通知',
  agency: 'health',
  department: 'office',
  documentNumber: '台卫发〔2026〕12号',
} as const satisfies DocumentMetadata;

/** Clean text: the automated review clears it. */
export const CLEAN_TEXT = '各学校：请做好冬季供暖保障工作，确保师生安全温暖过冬。';
/** A state-secret marking (GB/T 9704): the automated review sends it to the pre-review group. */
export const SECRET_TEXT = '机密★5年\n各学校：请做好冬季供暖保障工作。';

export interface Response<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface CallOptions {
  /** The demo user calling; nobody when absent. */
  readonly as?: string | undefined;
  /** JSON-encoded unless a string (sent as it is). */
  readonly body?: unknown;
  /** More request headers (a User-Agent, TEST_ADDRESS_HEADER …). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A signed-off, routed, opened… document with the task the flow waits on, if any. */
export interface Fixture {
  readonly id: string;
  readonly doc: DocumentRecord;
  /** The task the flow waits on (the first, when a consultation asks several agencies). */
  readonly taskId: string;
  readonly taskIds: readonly string[];
  readonly taskToken: string;
}

export type World = ReturnType<typeof createWorld>;

/** Token prefix of flows nobody waits on any more: `succeed` answers TaskDoesNotExist. */
export const GONE = 'gone-';

export interface WorldOptions {
  /**
   * Milliseconds the clock moves on at every reading (0: it stands still at NOW), so that the steps
   * of a document's history are apart in time, as they are when people and the flow take them.
   */
  readonly tickMs?: number;
}

/** A clock that moves on by `tickMs` every time it is read. */
class TickingClock extends SettableClock {
  constructor(private readonly tickMs: number) {
    super();
  }

  override now(): Date {
    const now = super.now();
    if (this.tickMs) this.set(new Date(now.getTime() + this.tickMs));
    return now;
  }
}

/** One API over one in-memory state, with the use cases that put documents where a test needs them. */
export function createWorld(options: WorldOptions = {}) {
  const clock = new TickingClock(options.tickMs ?? 0);
  clock.set(NOW);
  const deps: MemoryDeps = createMemoryDeps({
    seedDemoDirectory: true,
    clock,
    callbacks: { taskDoesNotExist: (token) => token.startsWith(GONE) },
  });
  const app = createApi({
    deps,
    authenticate: headerAuthenticator(deps.directory),
    visitorOf: headerVisitor,
    callbacks: deps.callbacks,
    workflow: deps.workflow,
  });

  async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Response<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers[TEST_USER_HEADER] = options.as;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the text as it came
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async function identity(user: string): Promise<Identity> {
    const found = await deps.directory.getUser(user);
    if (!found) throw new Error(`no demo user ${user}`);
    return found;
  }

  /** Who decides a task assigned to `assignee`: the user, or a member of the group. */
  function deciderOf(assignee: string): string {
    if (assignee === REVIEW_GROUP) return PEOPLE.reviewer;
    const approver = DEMO_USERS.find((u) => u.roles.includes('approver') && approverGroup(u.agency) === assignee);
    return approver?.user ?? assignee;
  }

  async function doc(id: string): Promise<DocumentRecord> {
    const found = await deps.documents.get(id);
    if (!found) throw new Error(`no document ${id}`);
    return found;
  }

  /** registerDocument, as `as` (区教育局's uploader unless told). */
  async function register(metadata: Partial<DocumentMetadata> = {}, as: string = PEOPLE.uploaderEdu) {
    const caller = await identity(as);
    const base = caller.agency === 'health' ? HEALTH_METADATA : EDU_METADATA;
    return registerDocument(deps, caller, { ...base, ...metadata });
  }

  /** The browser's PUT of the file, then what the flow does with it: Intake and the automated review. */
  async function upload(document: DocumentRecord, text: string) {
    const { versionId } = deps.files.put(document.objectKey, text, document.contentType);
    return arrived(document.id, versionId);
  }

  /** Intake on S3's Object Created event for what was put at the document's key, then the automated review. */
  async function arrived(documentId: string, versionId: string) {
    const result = await intakeOf(documentId, versionId);
    if (result.next !== 'review') throw new Error(`intake of ${documentId} went to ${result.next}`);
    return reviewDocument(deps, documentId);
  }

  /** Intake on S3's Object Created event for what was put at the document's key. */
  async function intakeOf(documentId: string, versionId: string) {
    const { objectKey } = await doc(documentId);
    const { bytes } = await deps.files.readOriginal(objectKey, versionId);
    const event: ObjectCreatedEvent = {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      time: clock.now().toISOString(),
      detail: {
        bucket: { name: 'intake' },
        object: { key: objectKey, size: bytes.byteLength, 'version-id': versionId },
      },
    };
    return intake(deps, { event, executionId: `exec-${documentId}` });
  }

  /** openTask with a fresh token (or the given one). */
  async function open(documentId: string, kind: TaskKind, taskToken = `token-${randomUUID()}`): Promise<Fixture> {
    const { taskIds } = await openTask(deps, { documentId, kind, taskToken });
    const [taskId] = taskIds;
    if (!taskId) throw new Error(`no ${kind} task opened for ${documentId}`);
    return { id: documentId, doc: await doc(documentId), taskId, taskIds, taskToken };
  }

  /** decideTask as the task's assignee (or a member of its group). */
  async function decide(taskId: string, decision: string, comment?: string) {
    const task = await deps.tasks.getTask(taskId);
    if (!task) throw new Error(`no task ${taskId}`);
    const caller = await identity(deciderOf(task.assignee));
    return decideTask(deps, caller, taskId, { decision, ...(comment ? { comment } : {}) });
  }

  /** Registered, uploaded, cleared by the scan, its sign-off task open (AWAITING_SIGNOFF). */
  async function awaitingSignoff(metadata: Partial<DocumentMetadata> = {}, options: UploadOptions = {}) {
    const registered = await register(metadata, options.as);
    const scan = await upload(registered, options.text ?? CLEAN_TEXT);
    if (scan.decision !== 'clear') throw new Error(`the scan did not clear ${registered.id}`);
    return open(registered.id, 'signoff', options.taskToken);
  }

  /** Registered, uploaded with a secret marking, its confidentiality review task open (IN_REVIEW). */
  async function inReview(metadata: Partial<DocumentMetadata> = {}, options: UploadOptions = {}) {
    const registered = await register(metadata, options.as);
    const scan = await upload(registered, options.text ?? SECRET_TEXT);
    if (scan.decision !== 'needs-review') throw new Error(`the scan cleared ${registered.id}`);
    return open(registered.id, 'review', options.taskToken);
  }

  /** Signed off and routed; returns where routing sent it. */
  async function signedOffAndRouted(metadata: Partial<DocumentMetadata> = {}, options: UploadOptions = {}) {
    const signoff = await awaitingSignoff(metadata, options);
    await decide(signoff.taskId, 'approve');
    return { id: signoff.id, route: await routeDocument(deps, signoff.id) };
  }

  /** A COORD-4 document (statistics): signed off, its approval task open for 区统计局 (AWAITING_APPROVAL). */
  async function awaitingApproval(metadata: Partial<DocumentMetadata> = {}, options: UploadOptions = {}) {
    const { id, route } = await signedOffAndRouted({ sensitiveCategory: 'statistics', ...metadata }, options);
    if (route.next !== 'approval') throw new Error(`routing sent ${id} to ${route.next}`);
    return open(id, 'approval', options.taskToken);
  }

  /**
   * FAILED: `system`, a step broke while the leader's sign-off was open (the failure path's record,
   * re-runnable); `input`, Intake refused the file (an empty one).
   */
  async function failed(kind: 'system' | 'input' = 'system', metadata: Partial<DocumentMetadata> = {}) {
    if (kind === 'input') {
      const registered = await register(metadata);
      const { versionId } = deps.files.put(registered.objectKey, '', registered.contentType);
      await intakeOf(registered.id, versionId);
      return doc(registered.id);
    }
    const { id } = await awaitingSignoff(metadata);
    await failDocument(deps, id, { step: 'Leader sign-off', error: 'Lambda.ServiceException', kind: 'system' });
    return doc(id);
  }

  /** Returned by the pre-review group for rework (RETURNED). */
  async function returned(metadata: Partial<DocumentMetadata> = {}) {
    const review = await inReview(metadata);
    await decide(review.taskId, 'return', '请删除密级标志后重新提交');
    return doc(review.id);
  }

  /** All the way: signed off, routed, approved where COORD-4 asks, published (or recorded). */
  async function published(metadata: Partial<DocumentMetadata> = {}, options: UploadOptions = {}) {
    const { id, route } = await signedOffAndRouted(metadata, options);
    if (route.next === 'approval') {
      const approval = await open(id, 'approval');
      await decide(approval.taskId, 'approve');
    } else if (route.next !== 'publish') throw new Error(`routing sent ${id} to ${route.next}`);
    await publishDocument(deps, id);
    return doc(id);
  }

  return {
    deps,
    clock,
    app,
    call,
    identity,
    doc,
    register,
    upload,
    arrived,
    open,
    decide,
    awaitingSignoff,
    inReview,
    signedOffAndRouted,
    awaitingApproval,
    published,
    failed,
    returned,
  };
}

export interface UploadOptions {
  /** The uploader (区教育局's unless told). */
  readonly as?: string;
  readonly text?: string;
  readonly taskToken?: string;
}

/** A correction's body: a clean corrected text file, inline. */
export const correctionBody = (note = '更正第二段日期') => ({
  note,
  filename: 'notice-corrected.txt',
  contentType: 'text/plain',
  contentBase64: Buffer.from(`${CLEAN_TEXT}（已更正）`).toString('base64'),
});
