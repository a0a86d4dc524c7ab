import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  COUNTERS,
  type Counters,
  type EvidenceItem,
  type OpenDue,
  type ScoreChange,
  type ScoreCounterItem,
} from '../../../shared/model/scores';
import type { ScoreStore } from '../../../shared/ports';
import { keys, partitions } from './keys';
import type { Item, Table, TransactItem } from './table';

function counterItem(item: Item, open: readonly OpenDue[]): ScoreCounterItem {
  const counters = Object.fromEntries(COUNTERS.map((name) => [name, Number(item[name] ?? 0)])) as Counters;
  return { ...counters, agency: String(item.agency), year: Number(item.year), open };
}

/** The writes a score change makes, to go in the document's transaction. */
export function scoreChangeItems(table: Table, change: ScoreChange): TransactItem[] {
  const items: TransactItem[] = [];
  for (const c of change.counters) {
    const adds: string[] = [];
    const values: Item = { ':agency': c.agency, ':year': c.year };
    COUNTERS.forEach((name, i) => {
      const delta = c.add[name];
      if (delta) {
        adds.push(`${name} :d${i}`);
        values[`:d${i}`] = delta;
      }
    });
    items.push({
      Update: {
        TableName: table.name,
        Key: keys.scoreCounters(c.year, c.agency),
        UpdateExpression: `SET agency = :agency, #year = :year${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: values,
      },
    });
    // One item per open document: a put replaces a moved deadline, so put and delete never meet.
    if (c.openAdded) {
      const o = c.openAdded;
      items.push({
        Put: {
          TableName: table.name,
          Item: { ...keys.openDue(c.year, c.agency, o.documentId), ...o, agency: c.agency },
        },
      });
    } else if (c.openRemoved) {
      items.push({ Delete: { TableName: table.name, Key: keys.openDue(c.year, c.agency, c.openRemoved.documentId) } });
    }
    if (c.entersYear) {
      items.push({ Put: { TableName: table.name, Item: { ...keys.scoreYear(c.year), year: c.year } } });
    }
  }
  if (change.evidence) {
    const e = change.evidence;
    items.push({ Put: { TableName: table.name, Item: { ...keys.evidence(e.year, e.agency, e.documentId), ...e } } });
  }
  if (change.evidenceRemoved) {
    const r = change.evidenceRemoved;
    items.push({ Delete: { TableName: table.name, Key: keys.evidence(r.year, r.agency, r.documentId) } });
  }
  return items;
}

export class DynamoScores implements ScoreStore {
  constructor(private readonly table: Table) {}

  async scoreCounters(year: number): Promise<ScoreCounterItem[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.scoreYear(year) },
    });
    const open = new Map<string, OpenDue[]>();
    for (const i of items.filter((i) => String(i.sk).startsWith('OPEN#'))) {
      const list = open.get(String(i.agency)) ?? [];
      list.push({ documentId: String(i.documentId), dueAt: String(i.dueAt), inTimeliness: i.inTimeliness === true });
      open.set(String(i.agency), list);
    }
    return items
      .filter((i) => String(i.sk).startsWith('AGENCY#'))
      .map((i) => counterItem(i, open.get(String(i.agency)) ?? []));
  }

  async scoreYears(): Promise<number[]> {
    const items = await this.table.partition<{ year: number }>(partitions.scoreYears);
    return items.map((i) => Number(i.year)).sort((a, b) => a - b);
  }

  evidence(agency: string, year: number): Promise<EvidenceItem[]> {
    return this.table.partition<EvidenceItem>(partitions.evidence(year, agency));
  }

  async replaceScores(year: number, counters: readonly ScoreCounterItem[], evidence: readonly EvidenceItem[]) {
    const stale = await this.scoreCounters(year);
    const keep = new Set(counters.map((c) => c.agency));
    const deletes = stale.filter((s) => !keep.has(s.agency)).map((s) => keys.scoreCounters(year, s.agency));
    for (const s of stale) for (const o of s.open) deletes.push(keys.openDue(year, s.agency, o.documentId));
    for (const agency of new Set([...keep, ...stale.map((s) => s.agency)])) {
      for (const e of await this.evidence(agency, year)) deletes.push(keys.evidence(year, agency, e.documentId));
    }
    const puts: Item[] = [
      ...counters.map((c) => ({
        ...keys.scoreCounters(year, c.agency),
        agency: c.agency,
        year,
        ...Object.fromEntries(COUNTERS.map((name) => [name, c[name]])),
      })),
      ...counters.flatMap((c) =>
        c.open.map((o) => ({ ...keys.openDue(year, c.agency, o.documentId), ...o, agency: c.agency })),
      ),
      ...evidence.map((e) => ({ ...keys.evidence(e.year, e.agency, e.documentId), ...e })),
      ...(counters.length ? [{ ...keys.scoreYear(year), year }] : []),
    ];
    // Deletes before the puts that may reuse their keys; one request each (an operator's command).
    for (const Key of deletes) await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key }));
    for (const Item of puts) await this.table.client.send(new PutCommand({ TableName: this.table.name, Item }));
  }
}
