/**
 * CSV as spreadsheets write it (RFC 4180): fields separated by commas, quoted with `"` when they
 * hold a comma, a quote (doubled) or a line break; lines end in CRLF or LF; a UTF-8 byte order
 * mark is dropped. Each record keeps the line it starts on, so errors can name it.
 */

export interface CsvRecord {
  /** The line (1-based) the record starts on. */
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    fields.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field.trim() !== '') throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      field = '';
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') endField();
    else if (ch === '\r' && input[i + 1] === '\n') {
      // CRLF: the \n ends the record
    } else if (ch === '\n') {
      endRecord();
      line++;
      start = line;
    } else {
      if (wasQuoted && ch !== ' ' && ch !== '\t') throw new CsvSyntaxError(line, 'text after a closing quote');
      if (!wasQuoted) field += ch;
    }
  }
  if (quoted) throw new CsvSyntaxError(start, 'a quoted field is not closed');
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

/** One field as CSV writes it: quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * The text of an uploaded file: UTF-8 (with or without a byte order mark), or GB18030/GBK, which
 * spreadsheets in China often save CSV as.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
