import {
  COUNTERS,
  type Counters,
  type EvidenceItem,
  type OpenDue,
  type ScoreChange,
  type ScoreCounterItem,
} from '../../../shared/model/scores';
import type { ScoreStore } from '../../../shared/ports';
import { byKey, copy, stored } from './items';
import type { Operation } from './operation';
import { counterSortKey, evidenceKey, type MemoryState, partition, type StoredCounters } from './state';

/** Open entries are one per document, listed in document order as DynamoDB lists their items. */
const openList = (open: ReadonlyMap<string, OpenDue>) =>
  [...open.entries()].sort(byKey(([documentId]) => documentId)).map(([, o]) => copy(o));

function counterItem(c: StoredCounters): ScoreCounterItem {
  const counters = Object.fromEntries(COUNTERS.map((name) => [name, Number(c.counts[name] ?? 0)])) as Counters;
  return {
    ...counters,
    agency: String(c.agency),
    year: Number(c.year),
    open: openList(c.openDue),
  };
}

/** The counter item's attributes as stored (for the item size limit). */
const counterAttributes = (c: StoredCounters) => ({
  agency: c.agency,
  year: c.year,
  ...c.counts,
});

/** The items a score change writes in a commit, in the order the DynamoDB adapter writes them. */
export function scoreChangeOperations(state: MemoryState, change: ScoreChange): Operation[] {
  const ops: Operation[] = [];
  for (const c of change.counters) {
    const current = state.counters.get(String(c.year))?.get(counterSortKey(c.agency));
    // SET agency, year (creating the item even when nothing is added), ADD the counters; put the
    // document's open entry (replacing a moved one) or delete it.
    // The open entries are items of their own: changed in place when the commit applies, never
    // copied with the counters (a copy per write made 10,000 open documents quadratic).
    const next: StoredCounters = {
      agency: c.agency,
      year: c.year,
      counts: { ...current?.counts },
      openDue: current?.openDue ?? new Map(),
    };
    for (const name of COUNTERS) {
      const delta = c.add[name];
      if (delta) next.counts[name] = (next.counts[name] ?? 0) + delta;
    }
    const opened = c.openAdded && stored(c.openAdded);
    const checked = stored(counterAttributes(next));
    ops.push({
      pk: `SCORE#${c.year}`,
      sk: counterSortKey(c.agency),
      result: checked,
      apply: () => {
        if (opened) next.openDue.set(opened.documentId, opened);
        else if (c.openRemoved) next.openDue.delete(c.openRemoved.documentId);
        partition(state.counters, String(c.year)).set(counterSortKey(c.agency), next);
      },
    });
    if (c.entersYear) {
      const year = stored({ year: c.year }).year;
      ops.push({
        pk: 'SCORE_YEARS',
        sk: String(c.year),
        result: { year },
        apply: () => state.scoreYears.set(String(c.year), year),
      });
    }
  }
  if (change.evidence) {
    const e = stored(change.evidence);
    ops.push({
      pk: `EVIDENCE#${e.year}#${e.agency}`,
      sk: e.documentId,
      result: e as unknown as Record<string, unknown>,
      apply: () => partition(state.evidence, evidenceKey(e.year, e.agency)).set(e.documentId, e),
    });
  }
  if (change.evidenceRemoved) {
    const r = change.evidenceRemoved;
    ops.push({
      pk: `EVIDENCE#${r.year}#${r.agency}`,
      sk: r.documentId,
      apply: () => state.evidence.get(evidenceKey(r.year, r.agency))?.delete(r.documentId),
    });
  }
  return ops;
}

export class MemoryScores implements ScoreStore {
  constructor(private readonly state: MemoryState) {}

  async scoreCounters(year: number): Promise<ScoreCounterItem[]> {
    const items = this.state.counters.get(String(year));
    if (!items) return [];
    return [...items.entries()].sort(byKey(([sk]) => sk)).map(([, c]) => counterItem(c));
  }

  async scoreYears(): Promise<number[]> {
    return [...this.state.scoreYears.values()].map(Number).sort((a, b) => a - b);
  }

  async evidence(agency: string, year: number): Promise<EvidenceItem[]> {
    const items = this.state.evidence.get(evidenceKey(year, agency));
    if (!items) return [];
    return [...items.entries()].sort(byKey(([sk]) => sk)).map(([, e]) => copy(e));
  }

  /**
   * As the DynamoDB adapter does it: drops the year's counter items of agencies not in `counters`,
   * and the evidence of every agency that had or gets counters, then writes the new items. A year
   * stays selectable once it was; evidence lines go where their own year and agency say.
   */
  async replaceScores(year: number, counters: readonly ScoreCounterItem[], evidence: readonly EvidenceItem[]) {
    const { state } = this;
    const stale = await this.scoreCounters(year);
    const keep = new Set(counters.map((c) => c.agency));
    const puts = {
      counters: counters.map((c) => {
        const item = stored({
          agency: c.agency,
          year,
          ...Object.fromEntries(COUNTERS.map((name) => [name, c[name]])),
        }) as Record<string, unknown>;
        const counts: StoredCounters['counts'] = {};
        for (const name of COUNTERS) if (typeof item[name] === 'number') counts[name] = item[name] as number;
        const next: StoredCounters = {
          agency: String(item.agency),
          year: Number(item.year),
          counts,
          openDue: new Map(c.open.map((o) => [o.documentId, stored(o)])),
        };
        return next;
      }),
      evidence: evidence.map((e) => stored(e)),
    };
    const yearItems = state.counters.get(String(year));
    for (const s of stale) if (!keep.has(s.agency)) yearItems?.delete(counterSortKey(s.agency));
    for (const agency of new Set([...keep, ...stale.map((s) => s.agency)])) {
      state.evidence.get(evidenceKey(year, agency))?.clear();
    }
    for (const c of puts.counters) partition(state.counters, String(year)).set(counterSortKey(c.agency), c);
    for (const e of puts.evidence) partition(state.evidence, evidenceKey(e.year, e.agency)).set(e.documentId, e);
    if (counters.length) state.scoreYears.set(String(year), year);
  }
}
