import { beijingDate } from '../../../shared/calendar/beijing';
import type { Person } from './people';

/**
 * What the fault run does at the API: agencies register and upload documents, their leaders sign
 * them off, the pre-review group clears what its scan sent it. A few documents' sign-offs are
 * held back (left to a person) until the end, so that "waiting on a person" is among the outcomes.
 */

export const AGENCIES = [
  { agency: 'edu', uploader: 'zhang.wei', leader: 'li.na' },
  { agency: 'health', uploader: 'liu.yang', leader: 'chen.min' },
  { agency: 'stats', uploader: 'huang.tao', leader: 'zhao.lei' },
  { agency: 'civil', uploader: 'song.jie', leader: 'zheng.yu' },
] as const;

/** The pre-review group (REVIEW-2). */
export const REVIEWER = 'wang.fang';

export interface PlannedDocument {
  readonly index: number;
  readonly agency: (typeof AGENCIES)[number];
  readonly title: string;
  readonly text: string;
  /** Its sign-off is left open until the end of the run. */
  readonly held: boolean;
}

// Made-up numbers with valid check characters (GB 11643, a mobile number): the scan finds them.
const PERSONAL = '申请人张某，身份证号11010519491231002X，联系电话13912345678。';

/** `n` documents: one in ten with personal data (the pre-review group clears it), one in twenty held. */
export function planDocuments(n: number, runId: string): PlannedDocument[] {
  return Array.from({ length: n }, (_, index) => {
    const agency = AGENCIES[index % AGENCIES.length] as (typeof AGENCIES)[number];
    const personal = index % 10 === 3;
    return {
      index,
      agency,
      title: `关于故障演练${runId}第${index + 1}号的通知`,
      text: `各单位：这是故障演练${runId}的第${index + 1}份通知。${personal ? PERSONAL : '请遵照执行。'}`,
      held: index % 20 === 7,
    };
  });
}

export interface LoadCounts {
  /** Registrations answered 5xx (a lost answer may have registered one anyway: it stays a DRAFT). */
  registrationRetries: number;
  decisions: number;
  /** Decisions recorded whose flow could not be resumed (202): such a document would be stuck. */
  decisionsNotResumed: number;
  /** Decisions refused because the task was decided or the document moved meanwhile (409). */
  decisionConflicts: number;
  unexpected: string[];
}

/** Registers and uploads one document; returns its id. */
export async function uploadDocument(uploader: Person, doc: PlannedDocument, counts: LoadCounts): Promise<string> {
  const metadata = {
    title: doc.title,
    agency: doc.agency.agency,
    department: 'office',
    category: '02',
    formedAt: beijingDate(new Date()),
    disclosure: 'proactive',
    origin: 'made',
    filename: `notice-${doc.index + 1}.txt`,
    contentType: 'text/plain',
  };
  for (;;) {
    // A 5xx is not retried blindly: the registration may have been written, and it would be again.
    const created = await uploader.post('/api/documents', metadata, false);
    if (created.status === 201) {
      await uploader.put(created.body.uploadUrl, 'text/plain', doc.text);
      return created.body.id as string;
    }
    if (created.status < 500) throw new Error(`register: ${created.status} ${JSON.stringify(created.body)}`);
    counts.registrationRetries++;
  }
}

const DECISION: Record<string, string> = {
  signoff: 'approve',
  approval: 'approve',
  review: 'clear',
  consultation: 'agree',
  escalation: 'publish',
};

/** One round over every person's inbox: decide the run's open tasks (held ones only when `release`). */
export async function decideRound(
  people: readonly Person[],
  ours: ReadonlySet<string>,
  held: ReadonlySet<string>,
  release: boolean,
  counts: LoadCounts,
): Promise<void> {
  for (const person of people) {
    const inbox = await person.get('/api/tasks');
    if (inbox.status !== 200) {
      counts.unexpected.push(`GET /api/tasks as ${person.user}: ${inbox.status}`);
      continue;
    }
    for (const task of inbox.body.entries as Array<{ id: string; documentId: string; kind: string }>) {
      if (!ours.has(task.documentId) || (held.has(task.documentId) && !release)) continue;
      const answer = await person.post(`/api/tasks/${task.id}/decision`, { decision: DECISION[task.kind] });
      if (answer.status === 200) counts.decisions++;
      else if (answer.status === 202) counts.decisionsNotResumed++;
      else if (answer.status === 409) counts.decisionConflicts++;
      else counts.unexpected.push(`decision on ${task.id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
}
