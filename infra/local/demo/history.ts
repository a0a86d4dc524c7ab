import type { DeadlineCalendar } from '../../../shared/pipeline/deps';
import type { SettableClock } from '../clock';
import { ApiClient } from './api-client';
import { DEMO_AGENCIES, DEMO_DEPARTMENTS, DEMO_USERS, WALKTHROUGH } from './district';

/**
 * Two years of a believable district, produced by running documents through the real pipeline —
 * the API, the S3 upload, the state machine and people's decisions — on past dates, by setting
 * the runtime's clock. Nothing is written to the score counters directly.
 */
export interface DemoHistoryOptions {
  /** Documents per agency and year. @default 5 */
  readonly perAgencyYear?: number;
  /** Years to fill; the current one only up to today. */
  readonly years: readonly number[];
  /** The last day the history may reach (today). */
  readonly until: string;
  readonly onProgress?: (done: number, total: number) => void;
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

export async function seedDemoHistory(runtime: Runtime, clock: SettableClock, options: DemoHistoryOptions) {
  const next = random(2017_1229);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const scenario = (): Scenario => {
    let roll = next() * WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    for (const [name, weight] of WEIGHTS) {
      roll -= weight;
      if (roll < 0) return name;
    }
    return 'on-time';
  };
  const clients = new Map<string, ApiClient>();
  const as = async (user: string) => {
    const known = clients.get(user);
    if (known) return known;
    const client = await new ApiClient(runtime.url).login(user);
    clients.set(user, client);
    return client;
  };
  const settle = () => runtime.workflow.settled(60_000);
  const at = async (day: string, hour = 10) => {
    clock.set(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  };
  const addDays = (day: string, n: number) => runtime.calendar.addWorkingDays(day, n).due;

  const agencies = DEMO_AGENCIES.filter((a) => a.status === 'active');
  const perAgencyYear = options.perAgencyYear ?? 5;
  const total = agencies.length * options.years.length * perAgencyYear;
  let done = 0;

  for (const year of options.years) {
    for (const agency of agencies) {
      const uploader = DEMO_USERS.find((u) => u.agency === agency.id && u.roles.includes('uploader'));
      const department = DEMO_DEPARTMENTS.find((d) => d.agency === agency.id);
      if (!uploader || !department) continue;
      for (let i = 0; i < perAgencyYear; i++) {
        // Spread over the year; the current year only up to a few weeks before today.
        const lastMonth = year === Number(options.until.slice(0, 4)) ? Number(options.until.slice(5, 7)) : 12;
        const month = 1 + Math.floor(((i + next()) / perAgencyYear) * lastMonth);
        const formedAt = `${year}-${String(Math.min(month, lastMonth)).padStart(2, '0')}-${String(1 + Math.floor(next() * 20)).padStart(2, '0')}`;
        if (formedAt >= options.until) continue;
        const drawn = scenario();
        // Only recent documents can still be on a leader's desk; older ones were signed off late.
        const kind = drawn === 'awaiting' && year < Number(options.until.slice(0, 4)) ? 'late' : drawn;
        const topic = pick(TOPICS);
        const title = pick(FORMS).replace('{t}', topic).replace('{y}', String(year));
        await runDocument({
          kind,
          formedAt,
          title,
          agencyId: agency.id,
          uploaderId: uploader.user,
          leader: department.leader,
          n: i,
        });
        done++;
        options.onProgress?.(done, total);
      }
    }
  }
  clock.release();

  async function runDocument(d: {
    kind: Scenario;
    formedAt: string;
    title: string;
    agencyId: string;
    uploaderId: string;
    leader: string;
    n: number;
  }) {
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
      category: d.kind === 'sensitive' ? '08' : pick(['02', '03', '06', '07']),
      // e.g. 台教发〔2026〕12号: the district, the agency's short name, the year, a number.
      documentNumber: `台${agencyName(d.agencyId).slice(1, 2)}发〔${d.formedAt.slice(0, 4)}〕${10 + d.n}号`,
      formedAt: d.formedAt,
      disclosure: d.kind === 'on-request' ? 'on-request' : 'proactive',
      origin: 'made',
      filename: 'document.txt',
      contentType: 'text/plain',
    };
    if (d.kind.startsWith('policy')) metadata.importantPolicy = true;
    if (d.kind === 'sensitive') metadata.sensitiveCategory = d.agencyId === 'stats' ? 'foreign-trade' : 'statistics';
    if (d.kind === 'wrong-publisher') metadata.madeBy = d.agencyId === 'health' ? 'edu' : 'health';
    const text =
      d.kind === 'withheld' || d.kind === 'redacted'
        ? `${body}\n申请人：张某，身份证号11010519491231002X，联系电话13912345678。`
        : body;

    await at(registered, 9);
    const id = await uploader.upload(metadata, text);
    await settle();

    let interpretationId: string | undefined;
    if (d.kind === 'policy-with-interpretation') {
      interpretationId = await uploader.upload(
        {
          ...metadata,
          title: `《${d.title}》政策解读`,
          importantPolicy: undefined,
          interprets: id,
          documentNumber: undefined,
        },
        `一图读懂《${d.title}》：出台背景、主要内容和政策亮点。`,
      );
      await settle();
    }

    const reviewer = await as(WALKTHROUGH.reviewer);
    if (d.kind === 'withheld' || d.kind === 'redacted') {
      const decideOn = addDays(registered, 1);
      if (!canHappen(decideOn)) return;
      await at(decideOn, 11);
      const task = await openTask(reviewer, id);
      if (!task) return;
      if (d.kind === 'withheld') {
        await reviewer.post(`/api/tasks/${task}/decision`, {
          decision: 'withhold',
          comment: '涉及个人隐私，依据《政府信息公开条例》第十五条不予公开',
        });
        await settle();
        return;
      }
      const slot = await reviewer.post(`/api/tasks/${task}/redaction`, { contentType: 'text/plain' });
      await fetch(slot.body.uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': 'text/plain' },
        body: `${body}\n申请人：张某，身份证号***，联系电话***。`,
      });
      await reviewer.post(`/api/tasks/${task}/decision`, { decision: 'redact', redactionKey: slot.body.redactionKey });
      await settle();
    }

    if (d.kind === 'awaiting') return; // still on the leader's desk
    const lateness = d.kind === 'late' ? 21 + Math.floor(next() * 15) : 2 + Math.floor(next() * 14);
    const signOn = addDays(d.formedAt, lateness);
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
      const amendOn = addDays(due, 10 + Math.floor(next() * 20));
      if (!canHappen(amendOn)) return;
      await at(amendOn, 16);
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
    const tasks = (await client.get('/api/tasks')).body as Array<{ id: string; documentId: string }>;
    return tasks.find((t) => t.documentId === documentId)?.id;
  }

  return { documents: done };
}

function agencyName(id: string) {
  return DEMO_AGENCIES.find((a) => a.id === id)?.name ?? id;
}
