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

/**
 * An agency-year's counters are kept in SCORE_SHARDS items, each document's changes in the one its
 * id hashes to, and summed on read. DynamoDB cancels transactions that touch one item at the same
 * time (TransactionConflict): with one item per agency-year, every registration of an agency would
 * meet its publications there; now two writes meet only when their documents share a shard. The
 * sum is the same whichever shard a change went to, so the rebuild keeps each agency's counters in
 * one item and removes the shards.
 */
export const SCORE_SHARDS = 16;

/** The shard of a document's counter changes: FNV-1a of its id. */
export function counterShard(documentId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < documentId.length; i++) {
    hash ^= documentId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SCORE_SHARDS;
}

function counterKey(year: number, agency: string, shard?: number) {
  const key = keys.scoreCounters(year, agency);
  return shard === undefined ? key : { ...key, sk: `${key.sk}#${String(shard).padStart(2, '0')}` };
}

/** The agency of a counter item, by its key (`AGENCY#<agency>`, a shard `AGENCY#<agency>#<nn>`). */
const agencyOfCounterKey = (sk: string) => sk.slice('AGENCY#'.length).replace(/#\d{2}$/, '');

/** An agency's counters: the sum of its items (shards, and the rebuild's one). */
function counterItem(agency: string, year: number, items: readonly Item[], open: readonly OpenDue[]): ScoreCounterItem {
  const counters = Object.fromEntries(
    COUNTERS.map((name) => [name, items.reduce((sum, item) => sum + Number(item[name] ?? 0), 0)]),
  ) as Counters;
  return { ...counters, agency, year, open };
}

/**
 * The SCORE_YEARS markers an instance knows are stored. Every first document of a year in any
 * agency would otherwise write that one item in its transaction, and concurrent transactions on
 * one item cancel each other (TransactionConflict): a year's marker is read once per instance, and
 * written, in the transaction that enters the year, only while it is not there. Markers are never
 * removed, so what the instance knows stays true.
 */
export class ScoreYearMarkers {
  private readonly known = new Set<number>();

  constructor(private readonly table: Table) {}

  /** The years `change` enters whose marker is not stored yet. */
  async unmarked(change: ScoreChange): Promise<number[]> {
    const years: number[] = [];
    for (const year of new Set(change.counters.filter((c) => c.entersYear).map((c) => c.year))) {
      if (this.known.has(year)) continue;
      if (await this.table.get(keys.scoreYear(year))) this.known.add(year);
      else years.push(year);
    }
    return years;
  }

  /** The markers of `years`, to go in the transaction that enters them. */
  items(years: readonly number[]): TransactItem[] {
    return years.map((year) => ({ Put: { TableName: this.table.name, Item: { ...keys.scoreYear(year), year } } }));
  }

  /** After the transaction: these markers are stored. */
  stored(years: readonly number[]): void {
    for (const year of years) this.known.add(year);
  }
}

/** The writes a score change of `documentId` makes, to go in the document's transaction. */
export function scoreChangeItems(table: Table, change: ScoreChange, documentId?: string): TransactItem[] {
  const shard = documentId === undefined ? undefined : counterShard(documentId);
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
        Key: counterKey(c.year, c.agency, shard),
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
    const counters = new Map<string, Item[]>();
    for (const i of items.filter((i) => String(i.sk).startsWith('AGENCY#'))) {
      const agency = agencyOfCounterKey(String(i.sk));
      counters.set(agency, [...(counters.get(agency) ?? []), i]);
    }
    return [...counters].map(([agency, shards]) => counterItem(agency, year, shards, open.get(agency) ?? []));
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
    // Every counter item but the ones the puts replace: the shards, and agencies no longer counted.
    const replaced = new Set(counters.map((c) => counterKey(year, c.agency).sk));
    const deletes = (
      await this.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :agency)',
        ExpressionAttributeValues: { ':pk': partitions.scoreYear(year), ':agency': 'AGENCY#' },
      })
    )
      .filter((i) => !replaced.has(String(i.sk)))
      .map((i) => ({ pk: i.pk, sk: i.sk }));
    for (const s of stale) for (const o of s.open) deletes.push(keys.openDue(year, s.agency, o.documentId));
    for (const agency of new Set([...keep, ...stale.map((s) => s.agency)])) {
      for (const e of await this.evidence(agency, year)) deletes.push(keys.evidence(year, agency, e.documentId));
    }
    const puts: Item[] = [
      ...counters.map((c) => ({
        ...counterKey(year, c.agency),
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
