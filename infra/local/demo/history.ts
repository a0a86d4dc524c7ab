import type { DeadlineCalendar } from '../../../shared/pipeline/deps';
import type { SettableClock } from '../clock';
import { ApiClient } from './api-client';
import { DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS, WALKTHROUGH } from './district';
import { demoDocumentType } from './reports';

/**
 * Two years of a believable district, produced by running documents through the real pipeline —
 * the API, the S3 upload, the state machine and people's decisions — on past dates, by setting
 * the runtime's clock. Nothing is written to the score counters directly.
 */
export interface DemoHistoryOptions {
  /** Documents per agency and year. @default 5 */
  readonly perAgencyYear?: number;
  /** Only the first n active agencies (tests keep the district small). @default all of them */
  readonly agencies?: number;
  /** Years to fill; the current one only up to today. */
  readonly years: readonly number[];
  /** The last day the history may reach (today). */
  readonly until: string;
  /**
   * Resuming an interrupted run: the documents it completed. They are skipped, and the next one is
   * carried on from where it stands (found by its agency, title and document number, never
   * registered twice). @default a fresh run
   */
  readonly from?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** After every step: documents complete, and the time the demo's clock was set to. */
  readonly onCheckpoint?: (checkpoint: {
    readonly done: number;
    readonly total: number;
    readonly clock: string;
  }) => void;
}

interface Runtime {
  readonly url: string;
  readonly workflow: { settled(timeoutMs?: number): Promise<void> };
  readonly calendar: DeadlineCalendar;
}

type Scenario =
  | 'on-time'
  | 'late'
  | 'policy-with-interpretation'
  | 'policy-without-interpretation'
  | 'corrected'
  | 'withdrawn'
  | 'withheld'
  | 'redacted'
  | 'on-request'
  | 'sensitive'
  | 'awaiting'
  | 'wrong-publisher'
  | 'rejected';

const WEIGHTS: ReadonlyArray<[Scenario, number]> = [
  ['on-time', 50],
  ['late', 12],
  ['policy-with-interpretation', 4],
  ['policy-without-interpretation', 3],
  ['corrected', 5],
  ['withdrawn', 3],
  ['withheld', 3],
  ['redacted', 3],
  ['on-request', 4],
  ['sensitive', 5],
  ['awaiting', 4],
  ['wrong-publisher', 2],
  ['rejected', 2],
];

const TOPICS = [
  '春季开学安全工作',
  '城乡居民医疗保险缴费',
  '冬季供暖保障',
  '农村人居环境整治',
  '优化营商环境',
  '防汛抗旱工作',
  '安全生产大检查',
  '老旧小区改造',
  '就业创业补贴申领',
  '义务教育招生入学',
  '食品安全抽检结果',
  '政务服务事项清单',
  '财政预算执行情况',
  '重点项目建设',
  '森林防火工作',
  '城市道路维修',
  '困难群众救助',
  '生态环境监测',
  '涉企收费清单',
  '基层政务公开标准化',
];

const FORMS = ['关于{t}的通知', '关于做好{t}的实施意见', '{y}年{t}工作方案', '关于公布{t}情况的公告'];

/** A document's own seed: each demo document draws from its own sequence, so any can be run alone. */
function seedOf(...parts: ReadonlyArray<string | number>): number {
  let h = 2017_1229 ^ 0x811c9dc5;
  for (const ch of parts.join('/')) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  return h >>> 0;
}

/** Deterministic, so every fresh clone gets the same district (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The scenario a draw in [0, 1) falls on, by weight. */
function scenario(draw: number): Scenario {
  let roll = draw * WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  for (const [name, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return name;
  }
  return 'on-time';
}

/** One demo document, every draw made up front: running it needs no other document. */
export interface Plan {
  readonly kind: Scenario;
  readonly formedAt: string;
  readonly title: string;
  readonly agencyId: string;
  readonly uploaderId: string;
  readonly leader: string;
  readonly n: number;
  readonly category: string;
  /** Working days from formation to sign-off. */
  readonly lateness: number;
  /** Working days after the deadline that a correction or withdrawal comes. */
  readonly amendAfter: number;
}

/** The district's documents in the order they are run (years, then agencies, then their n-th). */
export function planDemoHistory(options: DemoHistoryOptions): Plan[] {
  const agencies = DEMO_AGENCIES.filter((a) => a.status === 'active').slice(0, options.agencies);
  const perAgencyYear = options.perAgencyYear ?? 5;
  const plans: Plan[] = [];
  for (const year of options.years) {
    for (const agency of agencies) {
      const uploader = DEMO_USERS.find((u) => u.agency === agency.id && u.roles.includes('uploader'));
      const department = DEMO_DEPARTMENTS.find((d) => d.agency === agency.id);
      if (!uploader || !department) continue;
      const titles = new Set<string>();
      for (let i = 0; i < perAgencyYear; i++) {
        const next = random(seedOf(year, agency.id, i));
        const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
        // Spread over the year; the current year only up to a few weeks before today.
        const lastMonth = year === Number(options.until.slice(0, 4)) ? Number(options.until.slice(5, 7)) : 12;
        const month = 1 + Math.floor(((i + next()) / perAgencyYear) * lastMonth);
        const formedAt = `${year}-${String(Math.min(month, lastMonth)).padStart(2, '0')}-${String(1 + Math.floor(next() * 20)).padStart(2, '0')}`;
        const drawn = scenario(next());
        // Only recent documents can still be on a leader's desk; older ones were signed off late.
        const kind = drawn === 'awaiting' && year < Number(options.until.slice(0, 4)) ? 'late' : drawn;
        // An agency's titles differ within a year: with its document number, a title finds the document again.
        let title = '';
        for (let tries = 0; tries < 20 && (title === '' || titles.has(title)); tries++) {
          title = pick(FORMS).replace('{t}', pick(TOPICS)).replace('{y}', String(year));
        }
        titles.add(title);
        const category = kind === 'sensitive' ? '08' : pick(['02', '03', '06', '07']);
        const lateness = kind === 'late' ? 21 + Math.floor(next() * 15) : 2 + Math.floor(next() * 14);
        const amendAfter = 10 + Math.floor(next() * 20);
        if (formedAt >= options.until) continue;
        plans.push({
          kind,
          formedAt,
          title,
          agencyId: agency.id,
          uploaderId: uploader.user,
          leader: department.leader,
          n: i,
          category,
          lateness,
          amendAfter,
        });
      }
    }
  }
  return plans;
}

export async function seedDemoHistory(runtime: Runtime, clock: SettableClock, options: DemoHistoryOptions) {
  const clients = new Map<string, ApiClient>();
  const as = async (user: string) => {
    const known = clients.get(user);
    if (known) return known;
    const client = await new ApiClient(runtime.url).login(user);
    clients.set(user, client);
    return client;
  };
  const settle = () => runtime.workflow.settled(60_000);
  const plans = planDemoHistory(options);
  const total = plans.length;
  let done = Math.min(options.from ?? 0, total);
  /** Only the first document of a resumed run can exist already. */
  let resuming = options.from !== undefined;
  const at = async (day: string, hour = 10) => {
    const time = `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
    clock.set(time);
    options.onCheckpoint?.({ done, total, clock: time });
  };
  const addDays = (day: string, n: number) => runtime.calendar.addWorkingDays(day, n).due;

  for (const plan of plans.slice(done)) {
    await runDocument(plan);
    resuming = false;
    done++;
    options.onCheckpoint?.({ done, total, clock: clock.now().toISOString() });
    options.onProgress?.(done, total);
  }
  clock.release();

  /**
   * A document of an interrupted run, found again: the newest of the agency's documents with this
   * title (and document number, or interpreting `interprets`). A registration whose file never came
   * gets it now.
   */
  async function existing(
    uploader: ApiClient,
    metadata: Record<string, unknown>,
    text: string,
    interprets?: string,
  ): Promise<string | undefined> {
    if (!resuming) return undefined;
    const listed = (await uploader.get('/api/documents')).body.entries as Array<{ id: string; title: string }>;
    for (const { id } of listed.filter((d) => d.title === metadata.title)) {
      const doc = (await uploader.get(`/api/documents/${id}`)).body;
      const same = interprets ? doc.interprets === interprets : doc.documentNumber === metadata.documentNumber;
      if (!same) continue;
      if (doc.status === 'DRAFT') {
        const { body } = await uploader.post(`/api/documents/${id}/upload-url`, undefined);
        await fetch(body.uploadUrl, {
          method: 'PUT',
          headers: { 'content-type': String(metadata.contentType) },
          body: text,
        });
      }
      return id;
    }
    return undefined;
  }

  /** Runs one document; every step is taken only where the document still needs it (a resumed run). */
  async function runDocument(d: Plan) {
    const uploader = await as(d.uploaderId);
    const leader = await as(d.leader);
    const registered = addDays(d.formedAt, 1);
    const due = addDays(d.formedAt, 20);
    const canHappen = (day: string) => day < options.until;
    const body = `${d.title}\n各有关单位：现将有关事项通知如下。请结合实际认真贯彻落实。\n${agencyName(d.agencyId)}\n${d.formedAt}`;
    const metadata: Record<string, unknown> = {
      title: d.title,
      agency: d.agencyId,
      department: DEMO_DEPARTMENTS.find((x) => x.agency === d.agencyId)?.id,
      category: d.category,
      // e.g. 台教发〔2026〕12号: the district, the agency's short name, the year, a number.
      documentNumber: `台${agencyName(d.agencyId).slice(1, 2)}发〔${d.formedAt.slice(0, 4)}〕${10 + d.n}号`,
      formedAt: d.formedAt,
      disclosure: d.kind === 'on-request' ? 'on-request' : 'proactive',
      origin: 'made',
      filename: 'document.txt',
      contentType: 'text/plain',
    };
    if (d.kind.startsWith('policy')) metadata.importantPolicy = true;
    Object.assign(metadata, demoDocumentType(d));
    if (d.kind === 'sensitive') metadata.sensitiveCategory = d.agencyId === 'stats' ? 'foreign-trade' : 'statistics';
    if (d.kind === 'wrong-publisher') metadata.madeBy = d.agencyId === 'health' ? 'edu' : 'health';
    const text =
      d.kind === 'withheld' || d.kind === 'redacted'
        ? `${body}\n申请人：张某，身份证号11010519491231002X，联系电话13912345678。`
        : body;

    await at(registered, 9);
    const id = (await existing(uploader, metadata, text)) ?? (await uploader.upload(metadata, text));
    await settle();

    let interpretationId: string | undefined;
    if (d.kind === 'policy-with-interpretation') {
      const interpretation = {
        ...metadata,
        title: `《${d.title}》政策解读`,
        importantPolicy: undefined,
        interprets: id,
        documentNumber: undefined,
      };
      const explained = `一图读懂《${d.title}》：出台背景、主要内容和政策亮点。`;
      interpretationId =
        (await existing(uploader, interpretation, explained, id)) ?? (await uploader.upload(interpretation, explained));
      await settle();
    }

    const reviewer = await as(WALKTHROUGH.reviewer);
    if (d.kind === 'withheld' || d.kind === 'redacted') {
      const decideOn = addDays(registered, 1);
      if (!canHappen(decideOn)) return;
      await at(decideOn, 11);
      // No review task: decided already (a resumed run), or the scan found nothing to review.
      const task = await openTask(reviewer, id);
      if (d.kind === 'withheld') {
        if (!task) return;
        await reviewer.post(`/api/tasks/${task}/decision`, {
          decision: 'withhold',
          comment: '涉及个人隐私，依据《政府信息公开条例》第十五条不予公开',
        });
        await settle();
        return;
      }
      if (task) {
        const slot = await reviewer.post(`/api/tasks/${task}/redaction`, { contentType: 'text/plain' });
        await fetch(slot.body.uploadUrl, {
          method: 'PUT',
          headers: { 'content-type': 'text/plain' },
          body: `${body}\n申请人：张某，身份证号***，联系电话***。`,
        });
        await reviewer.post(`/api/tasks/${task}/decision`, {
          decision: 'redact',
          redactionKey: slot.body.redactionKey,
        });
        await settle();
      }
    }

    if (d.kind === 'awaiting') return; // still on the leader's desk
    const signOn = addDays(d.formedAt, d.lateness);
    if (!canHappen(signOn)) return;
    await at(signOn, 15);
    for (const doc of [id, interpretationId]) {
      if (!doc) continue;
      const task = await openTask(leader, doc);
      if (!task) continue;
      await leader.post(
        `/api/tasks/${task}/decision`,
        d.kind === 'rejected' ? { decision: 'reject', comment: '请补充相关依据后重新报送' } : { decision: 'approve' },
      );
      await settle();
    }

    if (d.kind === 'sensitive') {
      const competent = DEMO_AGENCIES.find((a) => a.competentFor?.includes(String(metadata.sensitiveCategory)));
      if (!competent?.head) return;
      const approver = await as(competent.head);
      const approveOn = addDays(signOn, 2);
      if (!canHappen(approveOn)) return;
      await at(approveOn, 10);
      const task = await openTask(approver, id);
      if (task) await approver.post(`/api/tasks/${task}/decision`, { decision: 'approve' });
      await settle();
    }

    if (d.kind === 'corrected' || d.kind === 'withdrawn') {
      const amendOn = addDays(due, d.amendAfter);
      if (!canHappen(amendOn)) return;
      await at(amendOn, 16);
      // Corrected or withdrawn already (a resumed run), or never published: nothing to amend.
      if ((await uploader.get(`/api/documents/${id}`)).body.status !== 'PUBLISHED') return;
      if (d.kind === 'corrected') {
        await uploader.post(`/api/documents/${id}/corrections`, {
          note: '更正文中日期表述',
          filename: 'document.txt',
          contentType: 'text/plain',
          contentBase64: Buffer.from(`${body}\n（已更正）`).toString('base64'),
        });
      } else {
        await uploader.post(`/api/documents/${id}/withdrawal`, { reason: '政策调整，原文件予以撤回' });
      }
    }
  }

  async function openTask(client: ApiClient, documentId: string): Promise<string | undefined> {
    const tasks = (await client.get('/api/tasks')).body.entries as Array<{ id: string; documentId: string }>;
    return tasks.find((t) => t.documentId === documentId)?.id;
  }

  return { documents: done, total };
}

function agencyName(id: string) {
  return DEMO_AGENCIES.find((a) => a.id === id)?.name ?? id;
}
