/**
 * Drives documents through the pipeline's use cases on the memory adapters, the way the state
 * machine (infra/constructs/workflow.ts) and the API call them: register → upload → Intake (from an
 * S3 "Object Created" event) → review → tasks → routing → publication. Every test makes its own
 * world and its own documents.
 */

import { createHash } from 'node:crypto';
import { SettableClock } from '../../../infra/local/clock';
import type { AuditEvent, DocumentMetadata, DocumentRecord } from '../../../shared/model/document';
import { TERMINAL_STATUSES } from '../../../shared/model/document';
import { type CommitConflict, CommitConflictError } from '../../../shared/model/errors';
import type { Identity } from '../../../shared/model/identity';
import type { HumanTask, TaskKind } from '../../../shared/model/task';
import { IntakeInputSchema, type ObjectCreatedEvent } from '../../../shared/pipeline/events';
import { intake } from '../../../shared/pipeline/intake';
import { publishDocument } from '../../../shared/pipeline/publish';
import { reviewDocument } from '../../../shared/pipeline/review';
import { routeDocument } from '../../../shared/pipeline/route';
import { answerWaitingFlow } from '../../../shared/pipeline/tasks/answer';
import { type DecisionInput, decideTask } from '../../../shared/pipeline/tasks/decide';
import { openTask } from '../../../shared/pipeline/tasks/open';
import { assigneesOf } from '../../../shared/pipeline/tasks/rules';
import { registerDocument } from '../../../shared/pipeline/upload';
import { createMemoryDeps, type MemoryDeps } from '../../support/memory';

/** Monday 23 November 2026, 10:00 in Beijing: a working day. */
export const NOW = '2026-11-23T02:00:00.000Z';

/**
 * A set clock that moves on one second each time it is read, so that a document's audit events
 * (ordered by their time) come back in the order they were written.
 */
export class TickingClock extends SettableClock {
  private at: number | undefined;

  override now(): Date {
    if (this.at === undefined) return new Date();
    const now = new Date(this.at);
    this.at += 1000;
    return now;
  }

  override set(at: Date | string): void {
    this.at = new Date(at).getTime();
  }

  override release(): void {
    this.at = undefined;
  }
}

/** A world of its own: the memory ports with the demo district, the clock set to `at`. */
export function world(at: string = NOW): MemoryDeps {
  const deps = createMemoryDeps({ seedDemoDirectory: true, clock: new TickingClock() });
  deps.clock.set(at);
  return deps;
}

/** 区教育局's proactive notice, formed on Friday 20 November 2026. */
export const METADATA: DocumentMetadata = {
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
};

export const CLEAN = '各学校：请做好冬季供暖保障工作。';
// Made-up numbers with valid check characters (GB 11643 / mobile format).
export const ID_NUMBER = '11010519491231002X';
export const MOBILE = '13912345678';
export const PERSONAL = `申请人张某，身份证号${ID_NUMBER}，联系电话${MOBILE}。经审核，符合救助条件。`;

export const bytesOf = (text: string) => new TextEncoder().encode(text);
export const textOf = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
export const sha256 = (data: Uint8Array | string) =>
  createHash('sha256')
    .update(typeof data === 'string' ? bytesOf(data) : data)
    .digest('hex');

export async function user(deps: MemoryDeps, name: string): Promise<Identity> {
  const identity = await deps.directory.getUser(name);
  if (!identity) throw new Error(`no user ${name} in the demo district`);
  return identity;
}

/** Someone who may act for an assignee (a user, or a member of the group it names). */
export async function actorFor(deps: MemoryDeps, assignee: string): Promise<Identity> {
  const users = await deps.directory.listUsers();
  const found = users.find((u) => u.user === assignee) ?? users.find((u) => assigneesOf(u).includes(assignee));
  if (!found) throw new Error(`nobody may act for ${assignee}`);
  return found;
}

export async function docOf(deps: MemoryDeps, id: string): Promise<DocumentRecord> {
  const doc = await deps.documents.get(id);
  if (!doc) throw new Error(`no document ${id}`);
  return doc;
}

export async function taskOf(deps: MemoryDeps, id: string): Promise<HumanTask> {
  const task = await deps.tasks.getTask(id);
  if (!task) throw new Error(`no task ${id}`);
  return task;
}

/** The history as from→to, oldest first. */
export const path = (events: readonly AuditEvent[]) => events.map((e) => `${e.from}→${e.to}`);

export async function lastEvent(deps: MemoryDeps, id: string): Promise<AuditEvent> {
  const event = (await deps.documents.history(id)).at(-1);
  if (!event) throw new Error(`document ${id} has no history`);
  return event;
}

/** The EventBridge event S3 emits for an upload into the intake bucket. */
export function objectCreated(key: string, object: { versionId?: string; size?: number } = {}): ObjectCreatedEvent {
  return {
    'detail-type': 'Object Created',
    source: 'aws.s3',
    time: NOW,
    detail: {
      bucket: { name: 'gongkai-intake' },
      object: {
        key,
        ...(object.size !== undefined ? { size: object.size } : {}),
        ...(object.versionId ? { 'version-id': object.versionId } : {}),
        sequencer: '0062E99A88DC407460',
      },
    },
  };
}

let executions = 0;
export const newExecutionId = () => `arn:aws:states:cn-north-1:000000000000:execution:gongkai:run-${++executions}`;

/**
 * Records every commit condition that failed from now on (the store still throws it): proves a
 * concurrent test really raced rather than ran one writer after the other.
 */
export function watchConflicts(deps: MemoryDeps): CommitConflict[] {
  const failed: CommitConflict[] = [];
  const commit = deps.documents.commit.bind(deps.documents);
  deps.documents.commit = async (c) => {
    try {
      await commit(c);
    } catch (err) {
      if (err instanceof CommitConflictError) failed.push(err.part);
      throw err;
    }
  };
  return failed;
}

/** Registers a document as an uploader of its agency (or `uploader`). */
export async function register(
  deps: MemoryDeps,
  overrides: Partial<DocumentMetadata> = {},
  uploader?: string,
): Promise<DocumentRecord> {
  const metadata = { ...METADATA, ...overrides };
  const caller = uploader
    ? await user(deps, uploader)
    : (await deps.directory.listUsers()).find((u) => u.agency === metadata.agency && u.roles.includes('uploader'));
  if (!caller) throw new Error(`no uploader for ${metadata.agency}`);
  return registerDocument(deps, caller, metadata);
}

export interface SubmitOptions {
  readonly uploader?: string;
  /** The content type the browser PUTs with (the registered one unless given). */
  readonly contentType?: string;
  readonly executionId?: string;
}

/** Registers, uploads the bytes at the document's key and runs Intake on the S3 event: RECEIVED. */
export async function submit(
  deps: MemoryDeps,
  content: string | Uint8Array = CLEAN,
  overrides: Partial<DocumentMetadata> = {},
  options: SubmitOptions = {},
) {
  const doc = await register(deps, overrides, options.uploader);
  const bytes = typeof content === 'string' ? bytesOf(content) : content;
  const { versionId } = deps.files.put(doc.objectKey, bytes, options.contentType ?? doc.contentType);
  const executionId = options.executionId ?? newExecutionId();
  const result = await intake(
    deps,
    IntakeInputSchema.parse({
      event: objectCreated(doc.objectKey, { versionId, size: bytes.byteLength }),
      executionId,
    }),
  );
  return { id: doc.id, versionId, executionId, result };
}

let tokens = 0;
/** A callback step opening the human task(s) of `kind`, with a fresh task token. */
export async function open(deps: MemoryDeps, documentId: string, kind: TaskKind, escalated?: boolean) {
  const taskToken = `token-${kind}-${++tokens}`;
  const { taskIds } = await openTask(deps, {
    documentId,
    kind,
    taskToken,
    ...(escalated !== undefined ? { escalated } : {}),
  });
  return { taskToken, tasks: await Promise.all(taskIds.map((t) => taskOf(deps, t))) };
}

/** The document's open task(s) as the document names them. */
export async function openTasksOf(deps: MemoryDeps, documentId: string): Promise<HumanTask[]> {
  const doc = await docOf(deps, documentId);
  const ids = [...(doc.consultationTaskIds ?? []), ...(doc.openTaskId ? [doc.openTaskId] : [])];
  return Promise.all(ids.map((id) => taskOf(deps, id)));
}

/**
 * A person decides a task, as the API does: decideTask, then the flow is resumed with the token
 * it returns (recorded by deps.callbacks). `as` defaults to someone who may act for the assignee.
 */
export async function decide(
  deps: MemoryDeps,
  taskId: string,
  decision: string,
  options: Omit<DecisionInput, 'decision'> & { as?: string } = {},
) {
  const { as, ...input } = options;
  const caller = as ? await user(deps, as) : await actorFor(deps, (await taskOf(deps, taskId)).assignee);
  const result = await decideTask(deps, caller, taskId, { decision, ...input });
  if (result.taskToken) await answerWaitingFlow(deps.callbacks, result.taskToken, result.kind, result.output);
  return result;
}

/**
 * Carries a document on as the state machine does until it waits for a person or is over:
 * review (and the scan of a redacted version), the task each stage waits on, routing and
 * publication. Returns the document as it then is.
 */
export async function advance(deps: MemoryDeps, id: string): Promise<DocumentRecord> {
  for (let step = 0; step < 20; step++) {
    const doc = await docOf(deps, id);
    if (TERMINAL_STATUSES.has(doc.status)) return doc;
    switch (doc.status) {
      case 'DRAFT':
        return doc; // nothing uploaded yet
      case 'RECEIVED':
      case 'IN_REVIEW': {
        if (doc.status === 'IN_REVIEW' && !doc.redactionPending) return doc; // the reviewers decide
        const review = await reviewDocument(deps, id);
        if (review.decision === 'failed') return docOf(deps, id); // the file stopped the scan twice
        await open(deps, id, review.decision === 'clear' ? 'signoff' : 'review');
        return docOf(deps, id);
      }
      case 'CLEARED':
        await open(deps, id, 'signoff');
        return docOf(deps, id);
      case 'AWAITING_SIGNOFF':
      case 'AWAITING_APPROVAL':
        return doc;
      case 'SIGNED_OFF':
      case 'IN_CONSULTATION': {
        if (doc.status === 'IN_CONSULTATION' && (doc.openTaskId || doc.consultationTaskIds?.length)) return doc;
        const { next } = await routeDocument(deps, id);
        if (next === 'publish') await publishDocument(deps, id);
        else if (next !== 'refused') {
          await open(deps, id, next);
          return docOf(deps, id);
        }
        break;
      }
      case 'ROUTED':
        await publishDocument(deps, id);
        break;
    }
  }
  throw new Error(`document ${id} did not settle`);
}

/** A clean document waiting for its leader's sign-off, with that task. */
export async function awaitingSignoff(
  deps: MemoryDeps,
  content: string | Uint8Array = CLEAN,
  overrides: Partial<DocumentMetadata> = {},
  options: SubmitOptions = {},
) {
  const { id } = await submit(deps, content, overrides, options);
  const doc = await advance(deps, id);
  const [task] = await openTasksOf(deps, id);
  if (doc.status !== 'AWAITING_SIGNOFF' || !task) throw new Error(`document ${id} is ${doc.status}, not signing off`);
  return { id, task };
}

/** A clean document its leader signed off (SIGNED_OFF, not routed yet). */
export async function signedOff(
  deps: MemoryDeps,
  content: string | Uint8Array = CLEAN,
  overrides: Partial<DocumentMetadata> = {},
  options: SubmitOptions = {},
) {
  const { id, task } = await awaitingSignoff(deps, content, overrides, options);
  await decide(deps, task.id, 'approve');
  return id;
}

/** Signed off, then carried on by the flow as far as it goes. */
export async function throughFlow(
  deps: MemoryDeps,
  content: string | Uint8Array = CLEAN,
  overrides: Partial<DocumentMetadata> = {},
  options: SubmitOptions = {},
): Promise<DocumentRecord> {
  return advance(deps, await signedOff(deps, content, overrides, options));
}

/** A routed document (ROUTED), ready for publication. */
export async function routed(
  deps: MemoryDeps,
  content: string | Uint8Array = CLEAN,
  overrides: Partial<DocumentMetadata> = {},
): Promise<string> {
  const id = await signedOff(deps, content, overrides);
  const { next } = await routeDocument(deps, id);
  if (next !== 'publish') throw new Error(`document ${id} routed to ${next}, not publication`);
  return id;
}
