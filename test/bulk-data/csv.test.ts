/**
 * The delimited files of bulk jobs (pure). Delimiter names from the createBulkJob page (comma, tab, pipe,
 * semicolon, colon, caret, tilde, dot/period); quoting as RFC 4180.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DelimitedError, delimiterOf, parseDelimited, writeDelimited } from '../../src/modules/bulk-data/csv.js';

describe('bulk job delimited files', () => {
  it('names the createBulkJob page delimiters, and takes the characters themselves', () => {
    expect(['comma', 'tab', 'pipe', 'semicolon', 'colon', 'caret', 'tilde', 'dot', 'period'].map(delimiterOf)).toEqual([',', '\t', '|', ';', ':', '^', '~', '.', '.']);
    expect(delimiterOf('Pipe')).toBe('|');
    expect(delimiterOf('|')).toBe('|');
    expect(delimiterOf('hash')).toBeUndefined();
    expect(delimiterOf('#')).toBeUndefined();
  });

  it('reads quoted fields, CRLF, a BOM, and skips blank lines', () => {
    expect(parseDelimited('\ufeffa,b\r\n"x, y","say ""hi"""\n\n1,\n', ',')).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['1', '']]);
    expect(parseDelimited('a|b\nc|"d\ne"', '|')).toEqual([['a', 'b'], ['c', 'd\ne']]);
    expect(parseDelimited('', ',')).toEqual([]);
  });

  it('refuses an unclosed quote and a quote inside an unquoted field', () => {
    expect(() => parseDelimited('a\n"open\n', ',')).toThrow(DelimitedError);
    expect(() => parseDelimited('ab"c\n', ',')).toThrow(/line 1/);
  });

  it('reads back what it writes, for any delimiter', () => {
    const delim = fc.constantFrom(',', '\t', '|', ';', ':', '^', '~', '.');
    const row = fc.array(fc.string({ maxLength: 6 }), { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(delim, fc.array(row, { minLength: 1, maxLength: 5 }), (d, rows) => {
        expect(parseDelimited(writeDelimited(rows, d), d)).toEqual(rows);
      }),
    );
  });
});
