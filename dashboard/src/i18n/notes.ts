import type { AuditNote, AuditNoteCode } from '../../../shared/model/document';

/** The audit note with one code, with its facts. */
export type NoteOf<C extends AuditNoteCode> = Extract<AuditNote, { readonly code: C }>;

/** How a dictionary words the audit notes: one function per code, so a code left out does not compile. */
export type NoteWords = { readonly [C in AuditNoteCode]: (note: NoteOf<C>) => string };

/** The word for a code from a table; a code the table does not have shows as itself. */
export function wordFor(table: Readonly<Record<string, string>>, code: string): string {
  return Object.hasOwn(table, code) ? (table[code] ?? code) : code;
}

function wordCode<C extends AuditNoteCode>(words: NoteWords, code: C, note: NoteOf<C>): string {
  return words[code](note);
}

/** An audit event's note in the reader's language. */
export function noteText(words: NoteWords, note: AuditNote): string {
  return wordCode(words, note.code, note);
}
