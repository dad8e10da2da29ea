/**
 * Delimited files of bulk jobs (pure): reading with the job's delimiter (RFC 4180 quoting: a field may be
 * quoted, "" inside quotes is one quote; rows end with LF or CRLF; a leading BOM is skipped; blank lines are
 * no records) and writing the result files (a field holding the delimiter, a quote or a line end is quoted).
 */
export class DelimitedError extends Error {}

/** The createBulkJob page's delimiter names, and the characters themselves. */
export const DELIMITERS: Record<string, string> = {
  comma: ',', tab: '\t', pipe: '|', semicolon: ';', colon: ':', caret: '^', tilde: '~', dot: '.', period: '.',
};

/** The delimiter character a job's `delimiter` names, or undefined when it names none. */
export function delimiterOf(v: string): string | undefined {
  const named = DELIMITERS[v.toLowerCase()];
  if (named) return named;
  return Object.values(DELIMITERS).includes(v) ? v : undefined;
}

export function parseDelimited(text: string, delim: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '' && !wasQuoted)) rows.push(cells);
    cells = [];
    cell = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw new DelimitedError(`line ${line}: a quote inside an unquoted field`);
      quoted = true;
      wasQuoted = true;
    } else if (c === delim) {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
    } else cell += c;
  }
  if (quoted) throw new DelimitedError(`line ${line}: a quoted field is not closed`);
  if (cell !== '' || cells.length || wasQuoted) endRow();
  return rows;
}

function field(v: string, delim: string): string {
  return v.includes(delim) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function writeDelimited(rows: string[][], delim: string): string {
  return rows.map((r) => r.map((v) => field(v, delim)).join(delim) + '\n').join('');
}
