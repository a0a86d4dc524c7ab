import type { DocumentRecord } from '../model/document';
import { COUNTERS, type EvidenceItem, type OpenDue, type ScoreCounterItem, zeroCounters } from '../model/scores';
import { evidenceOf } from './annual';
import { openDueOf } from './delta';
import { scoreFacts } from './facts';

export interface ScoreDifference {
  readonly year: number;
  readonly agency: string;
  readonly field: string;
  readonly stored: number | string;
  readonly computed: number | string;
}

/** Every counter and evidence item, computed from the documents alone (the same facts as each write). */
export function aggregateScores(docs: readonly DocumentRecord[]) {
  const counters = new Map<string, ScoreCounterItem & { open: OpenDue[] }>();
  const evidence: EvidenceItem[] = [];
  for (const doc of docs) {
    const facts = scoreFacts(doc);
    if (!facts) continue;
    const key = `${facts.year}#${facts.agency}`;
    const item = counters.get(key) ?? { agency: facts.agency, year: facts.year, open: [], ...zeroCounters() };
    for (const name of COUNTERS) item[name] += facts.counters[name];
    const open = openDueOf(doc.id, facts);
    if (open) item.open.push(open);
    counters.set(key, item);
    const e = evidenceOf(doc, facts);
    if (e) evidence.push(e);
  }
  return { counters: [...counters.values()], evidence };
}

const openList = (open: readonly OpenDue[] | undefined) =>
  (open ?? [])
    .map((o) => `${o.dueAt}|${o.documentId}|${o.inTimeliness ? 'T' : '-'}`)
    .sort()
    .join(',');

/** Where the stored counters of a year disagree with the computed ones. */
export function compareScores(
  year: number,
  stored: readonly ScoreCounterItem[],
  computed: readonly ScoreCounterItem[],
): ScoreDifference[] {
  const differences: ScoreDifference[] = [];
  const agencies = new Set([...stored, ...computed].map((c) => c.agency));
  for (const agency of [...agencies].sort()) {
    const s = stored.find((c) => c.agency === agency);
    const c = computed.find((x) => x.agency === agency);
    for (const field of COUNTERS) {
      const a = s?.[field] ?? 0;
      const b = c?.[field] ?? 0;
      if (a !== b) differences.push({ year, agency, field, stored: a, computed: b });
    }
    const openStored = openList(s?.open);
    const openComputed = openList(c?.open);
    if (openStored !== openComputed)
      differences.push({ year, agency, field: 'open', stored: openStored, computed: openComputed });
  }
  return differences;
}
