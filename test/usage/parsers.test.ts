import { describe, expect, it } from 'vitest';
import { parseCsv, CsvError } from '../../src/modules/usage/csv.js';
import { boundaryOf, MultipartError, parseMultipart } from '../../src/platform/http/multipart.js';

describe('the usage file CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks; skips a BOM and blank lines; numbers lines', () => {
    const rows = parseCsv('\ufeffA,B\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z\n');
    expect(rows).toEqual([
      { line: 1, cells: ['A', 'B'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', 'z'] },
    ]);
    expect(parseCsv('a,,\nb')).toEqual([
      { line: 1, cells: ['a', '', ''] },
      { line: 2, cells: ['b'] },
    ]);
  });
  it('refuses an unclosed quote and a quote inside an unquoted field', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(CsvError);
    expect(() => parseCsv('a,b"c"\n')).toThrow(/quote inside/);
  });
});

describe('the multipart reader', () => {
  const body = (b: string, parts: string[]) => Buffer.from(parts.map((p) => `--${b}\r\n${p}\r\n`).join('') + `--${b}--\r\n`);
  it('splits parts with their names, file names and exact content', () => {
    const b = 'XyZ';
    const parts = parseMultipart(
      body(b, ['Content-Disposition: form-data; name="note"\r\n\r\nhello', 'Content-Disposition: form-data; name="file"; filename="u.csv"\r\nContent-Type: text/csv\r\n\r\nA,B\r\n1,2\r\n']),
      b,
    );
    expect(parts.map((p) => [p.name, p.fileName, p.contentType, p.data.toString()])).toEqual([
      ['note', null, null, 'hello'],
      ['file', 'u.csv', 'text/csv', 'A,B\r\n1,2\r\n'],
    ]);
  });
  it('finds the boundary of a Content-Type, quoted or not, and refuses other types', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeNull();
    expect(boundaryOf('multipart/form-data')).toBeNull();
  });
  it('refuses a body without its boundary, without a closing boundary, or with a part without a name', () => {
    expect(() => parseMultipart(Buffer.from('nothing'), 'b')).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="f"\r\n\r\ndata'), 'b')).toThrow(/closing boundary/);
    expect(() => parseMultipart(body('b', ['Content-Disposition: form-data\r\n\r\nx']), 'b')).toThrow(/no name/);
  });
});
