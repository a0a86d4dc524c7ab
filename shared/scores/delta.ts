import type { DocumentRecord } from '../model/document';
import { COUNTERS, type CounterChange, type Counters, type OpenDue, type ScoreChange } from '../model/scores';
import { evidenceOf } from './annual';
import { type ScoreFacts, scoreFacts } from './facts';

/** The open-document entry of a document that is counted but not settled. */
export function openDueOf(documentId: string, facts: ScoreFacts | undefined): OpenDue | undefined {
  if (!facts?.openUntil) return undefined;
  return { documentId, dueAt: facts.openUntil, inTimeliness: facts.inTimeliness };
}

const sameOpen = (a: OpenDue | undefined, b: OpenDue | undefined) =>
  a?.documentId === b?.documentId && a?.dueAt === b?.dueAt && a?.inTimeliness === b?.inTimeliness;

/** Plain data compared by value, whatever the order of its keys. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/**
 * What a document write changes in the pre-aggregated scores: the counter deltas of every
 * agency-year the document leaves or enters, its open entry, and its evidence line. A pure
 * function of the document before and after, so a write and a rebuild always agree.
 */
export function scoreChange(before: DocumentRecord | undefined, after: DocumentRecord): ScoreChange {
  const was = scoreFacts(before);
  const now = scoreFacts(after);
  const keyOf = (f: ScoreFacts) => `${f.year}#${f.agency}`;
  const touched = new Map<string, { agency: string; year: number }>();
  for (const f of [was, now]) if (f) touched.set(keyOf(f), { agency: f.agency, year: f.year });

  const counters: CounterChange[] = [];
  for (const [key, { agency, year }] of touched) {
    const old = was && keyOf(was) === key ? was : undefined;
    const cur = now && keyOf(now) === key ? now : undefined;
    const add: Partial<Counters> = {};
    for (const name of COUNTERS) {
      const delta = (cur?.counters[name] ?? 0) - (old?.counters[name] ?? 0);
      if (delta !== 0) add[name] = delta;
    }
    const oldOpen = openDueOf(after.id, old);
    const curOpen = openDueOf(after.id, cur);
    const openChanged = !sameOpen(oldOpen, curOpen);
    const change: CounterChange = {
      agency,
      year,
      add,
      ...(openChanged && curOpen ? { openAdded: curOpen } : {}),
      ...(openChanged && oldOpen ? { openRemoved: oldOpen } : {}),
      entersYear: old === undefined,
    };
    if (Object.keys(add).length > 0 || openChanged) counters.push(change);
  }

  const evidence = now ? evidenceOf(after, now) : undefined;
  const moved = was && (!evidence || keyOf(was) !== `${evidence.year}#${evidence.agency}`);
  // Written only when it says something new: most writes (a scan recorded, a task opened) leave it.
  const unchanged = !moved && evidence && before && was && sameValue(evidenceOf(before, was), evidence);
  return {
    counters,
    ...(evidence && !unchanged ? { evidence } : {}),
    ...(was && moved ? { evidenceRemoved: { agency: was.agency, year: was.year, documentId: after.id } } : {}),
  };
}
