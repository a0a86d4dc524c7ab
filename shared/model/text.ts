import * as z from 'zod';

/**
 * Free text people type (titles, reasons, comments, file names) and the ids requests name, as zod
 * schemas written once: the API's request schemas and DocumentMetadataSchema use them.
 */

// C0 and C1 control characters, DEL, and the bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), which can make a reader see "exe.txt" as "txt.exe" or hide text.
const UNSAFE = '\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069';
// Multi-line text keeps tab, line feed and carriage return.
const UNSAFE_MULTILINE = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069';

const SAFE_LINE = new RegExp(`^[^${UNSAFE}]*$`, 'u');
const SAFE_TEXT = new RegExp(`^[^${UNSAFE_MULTILINE}]*$`, 'u');

/** Whether a text has a character `safeLine` (or, multi-line, `safeText`) refuses. */
export function hasUnsafeCharacter(text: string, multiline = false): boolean {
  return !(multiline ? SAFE_TEXT : SAFE_LINE).test(text);
}

const lengths = (field: string, min: number, max: number) => ({
  min: min > 0 ? `${field} is required (at least ${min} character${min === 1 ? '' : 's'})` : undefined,
  max: `${field} is at most ${max} characters`,
});

/** One line of free text, trimmed: no control characters (not even tab or newline) and no bidi controls. */
export function safeLine(field: string, max: number, min = 1) {
  const m = lengths(field, min, max);
  const base = z.string({ error: `${field} must be text` }).trim();
  return (min > 0 ? base.min(min, m.min) : base)
    .max(max, m.max)
    .regex(SAFE_LINE, `${field} must not contain control characters, line breaks or bidirectional controls`);
}

/** Multi-line free text (comments, reasons, notes), trimmed: tab and line breaks allowed, other controls not. */
export function safeText(field: string, max: number, min = 1) {
  const m = lengths(field, min, max);
  const base = z.string({ error: `${field} must be text` }).trim();
  return (min > 0 ? base.min(min, m.min) : base)
    .max(max, m.max)
    .regex(SAFE_TEXT, `${field} must not contain control characters or bidirectional controls`);
}

/** The longest id a request may name (a UUID is 36; agency and department ids are short words). */
export const MAX_ID_LENGTH = 200;

/** The characters of every id the system issues or the directory holds. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isWellFormedId(value: string): boolean {
  return value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value);
}

/** An id named in a request body (an agency, a department). */
export function entityId(field: string) {
  return z
    .string({ error: `${field} must be an id` })
    .min(1, `${field} is required`)
    .max(MAX_ID_LENGTH, `${field} is at most ${MAX_ID_LENGTH} characters`)
    .regex(ID_PATTERN, `${field} must be an id of letters, digits, '.', '_' or '-'`);
}

/** A real calendar date as YYYY-MM-DD. */
export function isoDate(field: string) {
  return z.iso.date({ error: `${field} must be a date as YYYY-MM-DD` });
}
