import { beijingDate } from '../calendar/beijing';
import { SIGNALS, type Signal, type SignalSink } from '../model/signals';
import type { DocumentCommit, DocumentStore } from '../ports';
import type { DeadlineCalendar } from './deps';

/**
 * What a committed document write tells ops (shared/model/signals.ts), read from the commit alone:
 * its audit event says what moved, its document what it now is. Pure: the same commit gives the
 * same signals wherever it was written.
 */
export function commitSignals(commit: DocumentCommit, calendar: DeadlineCalendar): Signal[] {
  const { event, document: doc } = commit;
  if (!event) return [];
  const count = (name: Signal['name']): Signal => ({ name, value: 1, unit: 'Count' });
  const signals: Signal[] = [];
  if (event.from === 'DRAFT' && event.to === 'RECEIVED') signals.push(count(SIGNALS.received));
  if (event.from === 'ROUTED' && event.to === 'PUBLISHED') {
    signals.push(count(SIGNALS.published));
    if (doc.publishedAt) {
      const days = calendar.workingDaysBetween(doc.formedAt, beijingDate(doc.publishedAt));
      signals.push({ name: SIGNALS.publicationWorkingDays, value: days, unit: 'Count' });
    }
  }
  if (event.to === 'FAILED' && event.from !== 'FAILED') signals.push(count(SIGNALS.failed));
  if (event.to === 'RETURNED' && event.from !== 'RETURNED') signals.push(count(SIGNALS.returned));
  // A review task opens on each scan that found something (again after a redaction that did).
  if (event.note?.code === 'task-opened' && event.note.kind === 'review') {
    const byKind = new Map<string, number>();
    for (const finding of doc.findings ?? []) byKind.set(finding.kind, (byKind.get(finding.kind) ?? 0) + 1);
    for (const [kind, n] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
      signals.push({ name: SIGNALS.findings, value: n, unit: 'Count', dimension: { name: 'kind', value: kind } });
    }
  }
  return signals;
}

/**
 * The document store, telling `sink` what each commit meant once it is written. A signal that
 * cannot be told never fails the write: the write happened.
 */
export function observedDocuments(store: DocumentStore, sink: SignalSink, calendar: DeadlineCalendar): DocumentStore {
  const commit = async (written: DocumentCommit) => {
    await store.commit(written);
    try {
      for (const signal of commitSignals(written, calendar)) sink(signal);
    } catch {
      // Metrics are an observation; the commit stands whatever happens to them.
    }
  };
  // Every other method as the store has it (bound to it), so the wrapper follows the port as it grows.
  return new Proxy(store, {
    get(target, property) {
      if (property === 'commit') return commit;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
