import { APPLICANT_COLUMNS, REQUEST_ROWS } from '../../../shared/report/template';
import type { SettableClock } from '../clock';
import { ApiClient } from './api-client';
import { DEMO_AGENCIES, DEMO_USERS, WALKTHROUGH } from './district';
import type { Plan } from './history';

/**
 * The demo district's annual reports, through the API as people write them: last year's reports of
 * the first few agencies written in January, submitted, signed off by their leaders and published
 * (through the pipeline, like any document); this year's in progress for two of them; last year's
 * normative documents of those agencies partly abolished (废止) this spring. Safe to run again: a
 * report already submitted or published is left as it is.
 */

/**
 * The annual report's document type of a demo document, from what the plan drew already (no new
 * draws: the district stays the same): policy documents are normative documents (an agency's first
 * of a year valid for one year, so it lapses in the next), law-enforcement ones decisions.
 */
export function demoDocumentType(d: Pick<Plan, 'kind' | 'category' | 'n' | 'formedAt'>): Record<string, string> {
  if (d.kind === 'on-request' || d.kind === 'wrong-publisher') return {};
  if (d.category === '02') {
    if (d.n !== 0) return { documentType: 'normative' };
    return { documentType: 'normative', validUntil: `${Number(d.formedAt.slice(0, 4)) + 1}${d.formedAt.slice(4)}` };
  }
  if (d.category === '06') return { documentType: d.n % 2 === 0 ? 'licensing' : 'punishment' };
  return {};
}

/** How many agencies have last year's report published, and how many have this year's begun. */
const PUBLISHED_LAST_YEAR = 3;
const IN_PROGRESS = 2;

/** A table 三 that satisfies every identity, different for each agency (k). */
export function demoRequests(k: number): Record<string, number[]> {
  const rows: Record<string, number[]> = Object.fromEntries(REQUEST_ROWS.map((r) => [r, [0, 0, 0, 0, 0, 0, 0]]));
  const newReceived = [8 + 3 * k, 2 + (k % 3), k % 2, 1, 0, 1];
  const carriedOver = [1 + (k % 2), 0, 0, 0, 0, 0];
  APPLICANT_COLUMNS.forEach((_, j) => {
    const n = (newReceived[j] ?? 0) + (carriedOver[j] ?? 0);
    const disclosed = Math.floor(n * 0.5);
    const partly = Math.floor(n * 0.15);
    const notHeld = Math.floor(n * 0.1);
    const thirdParty = j === 0 ? Math.floor(n * 0.1) : 0;
    const repeated = j === 0 && n > 6 ? 1 : 0;
    const cells: Record<string, number> = {
      newReceived: newReceived[j] ?? 0,
      carriedOver: carriedOver[j] ?? 0,
      disclosed,
      partlyDisclosed: partly,
      'unavailable.notHeld': notHeld,
      'notDisclosed.thirdParty': thirdParty,
      'notProcessed.repeated': repeated,
    };
    const handled = disclosed + partly + notHeld + thirdParty + repeated;
    cells.resultsTotal = handled;
    cells.carriedForward = n - handled;
    for (const [row, value] of Object.entries(cells)) (rows[row] as number[])[j] = value;
  });
  for (const row of REQUEST_ROWS) {
    const cells = rows[row] as number[];
    cells[6] = cells.slice(0, 6).reduce((a, b) => a + b, 0);
  }
  return rows;
}

const sections = (name: string, year: number, k: number) => ({
  overview:
    `${year}年，${name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，` +
    `通过区政府门户网站政府信息公开专栏主动公开政府信息，依法办理政府信息公开申请。\n` +
    `全年共召开政务公开专题会议${2 + (k % 3)}次，组织业务培训${1 + (k % 2)}次。`,
  problems:
    '一是政策解读形式较为单一，图解、视频解读偏少；二是部分栏目更新不够及时。' +
    `${year + 1}年将丰富解读形式，落实信息发布审核和定期更新制度。`,
  other: '本年度未收取信息处理费。本单位未发生因政府信息公开引起的行政复议、行政诉讼被纠错的情况。',
});

interface Runtime {
  readonly url: string;
  readonly workflow: { settled(timeoutMs?: number): Promise<void> };
}

export async function seedDemoReports(
  runtime: Runtime,
  clock: SettableClock,
  options: { readonly years: readonly number[]; readonly until: string; readonly agencies?: number },
): Promise<{ published: number; inProgress: number }> {
  const [lastYear, thisYear] = [Math.min(...options.years), Math.max(...options.years)];
  const agencies = DEMO_AGENCIES.filter((a) => a.status === 'active' && !a.disclosureOffice).slice(0, options.agencies);
  const clients = new Map<string, ApiClient>();
  const as = async (user: string) => {
    const known = clients.get(user);
    if (known) return known;
    const client = await new ApiClient(runtime.url).login(user);
    clients.set(user, client);
    return client;
  };
  const at = (day: string, hour: number) => clock.set(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const settle = () => runtime.workflow.settled(60_000);
  const possible = (day: string) => day < options.until;
  let published = 0;
  let inProgress = 0;

  for (const [k, agency] of agencies.slice(0, PUBLISHED_LAST_YEAR).entries()) {
    const uploader = await as(staffOf(agency.id, 'uploader'));
    const leader = await as(staffOf(agency.id, 'leader'));
    // 废止 in spring of one of last year's normative documents, if it was published.
    const abolishOn = `${thisYear}-03-16`;
    if (possible(abolishOn)) {
      at(abolishOn, 10);
      const listed = (await uploader.get('/api/documents')).body.entries as Array<{
        id: string;
        formedAt: string;
        status: string;
      }>;
      for (const d of listed.filter((x) => x.formedAt.startsWith(`${lastYear}-`) && x.status === 'PUBLISHED')) {
        const doc = (await uploader.get(`/api/documents/${d.id}`)).body;
        if (doc.documentType !== 'normative' || doc.abolition || doc.validUntil) continue;
        await uploader.post(`/api/documents/${d.id}/abolish`, {
          on: abolishOn,
          document: `台${agency.name.slice(1, 2)}发〔${thisYear}〕2号 关于废止部分行政规范性文件的决定`,
        });
        break;
      }
    }
    const writeOn = `${thisYear}-01-15`;
    const submitOn = `${thisYear}-01-20`;
    const signOn = `${thisYear}-01-22`;
    if (!possible(writeOn)) continue;
    const path = `/api/annual-reports/${agency.id}/${lastYear}`;
    const current = (await uploader.get(path)).body;
    if (current.status === 'not-started' || current.status === 'draft') {
      at(writeOn, 9);
      const put = await uploader.call('PUT', path, {
        requests: demoRequests(k),
        appeals: k === 1 ? [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] : Array.from({ length: 15 }, () => 0),
        fees: { charges: 0, processing: 0 },
        sections: sections(agency.name, lastYear, k),
      });
      if (put.status !== 200) throw new Error(`demo report ${agency.id}: ${put.status} ${JSON.stringify(put.body)}`);
      if (!possible(signOn)) continue;
      at(submitOn, 10);
      const submitted = await leader.post(`${path}/submit`, undefined);
      if (submitted.status !== 201) throw new Error(`demo submit ${agency.id}: ${JSON.stringify(submitted.body)}`);
      await settle();
    }
    const report = (await leader.get(path)).body;
    if (report.status === 'submitted' && report.documentId && possible(signOn)) {
      at(signOn, 15);
      const tasks = (await leader.get('/api/tasks')).body.entries as Array<{ id: string; documentId: string }>;
      const task = tasks.find((t) => t.documentId === report.documentId);
      if (task) await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' });
      await settle();
    }
    if ((await leader.get(path)).body.status === 'published') published++;
  }

  // The district's compiled report of last year: its text begun by the oversight group.
  const oversight = await as(WALKTHROUGH.oversight);
  const district = `/api/annual-reports/district/${lastYear}`;
  if ((await oversight.get(district)).body.status === 'not-started' && possible(`${thisYear}-02-10`)) {
    at(`${thisYear}-02-10`, 10);
    await oversight.call('PUT', district, { sections: { overview: sections('区人民政府', lastYear, 0).overview } });
  }
  // This year's, begun today: the text and the first figures of two agencies.
  clock.release();
  for (const [k, agency] of agencies.slice(0, IN_PROGRESS).entries()) {
    const uploader = await as(staffOf(agency.id, 'uploader'));
    const path = `/api/annual-reports/${agency.id}/${thisYear}`;
    if ((await uploader.get(path)).body.status !== 'not-started') continue;
    const draft = sections(agency.name, thisYear, k);
    await uploader.call('PUT', path, { requests: demoRequests(k + 5), sections: { overview: draft.overview } });
    inProgress++;
  }
  return { published, inProgress };
}

function staffOf(agency: string, role: 'uploader' | 'leader'): string {
  const user = DEMO_USERS.find((u) => u.agency === agency && u.roles.includes(role));
  if (!user) throw new Error(`no demo ${role} for ${agency}`);
  return user.user;
}
