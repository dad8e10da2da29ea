/**
 * A small RFC 4180 reader for usage upload files: comma-separated, fields may be quoted
 * ("" inside quotes is one quote), rows end with LF or CRLF, a leading BOM is skipped.
 */
export interface CsvRow {
  /** 1-based line number of the row's first line in the file. */
  line: number;
  cells: string[];
}

export class CsvError extends Error {}

export function parseCsv(text: string): CsvRow[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      cell += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (cell.trim() !== '') throw new CsvError(`Line ${line}: a quote inside an unquoted field`);
      cell = '';
      quoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i += 2;
      rowLine = ++line;
      continue;
    } else if (c === '\n' || c === '\r') {
      endRow();
      rowLine = ++line;
    } else cell += c;
    i++;
  }
  if (quoted) throw new CsvError(`Line ${rowLine}: a quoted field is not closed`);
  if (cell !== '' || cells.length) endRow();
  return rows;
}
