import type { DocumentRecord } from '../../model/document';
import type { TaskDocument } from '../../model/task';

/**
 * What a task's list shows of its document, as the task carries it. Without the extracted text:
 * a 20,000-character excerpt on every task (and its index copy) would multiply what opening a task
 * writes; the card reads it from the document when it is opened.
 */
export function taskDocumentOf(doc: DocumentRecord): TaskDocument {
  return {
    title: doc.title,
    agency: doc.agency,
    department: doc.department,
    disclosure: doc.disclosure,
    formedAt: doc.formedAt,
    ...(doc.dueAt ? { dueAt: doc.dueAt } : {}),
    findings: doc.findings ?? [],
    ...(doc.findingsBeforeRedaction ? { findingsBeforeRedaction: doc.findingsBeforeRedaction } : {}),
    ...(doc.scanned ? { scanned: true } : {}),
  };
}

/** The tasks a document names as waited on (some may be closed already): its single task and its consultations. */
export function waitingTaskIds(doc: DocumentRecord): string[] {
  return [...new Set([doc.openTaskId, ...(doc.consultationTaskIds ?? [])].filter((id): id is string => !!id))];
}
