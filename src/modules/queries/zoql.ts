/**
 * ZOQL: a tokenizer and a recursive-descent parser for the grammar of Zuora's
 * action query (https://docs.zuora.com/zuora-platform/data/legacy-query-methods/zoql
 * and its "Filter statements" page):
 *
 *   query   := 'select' field (',' field)* 'from' object ('where' or)? EOF
 *   or      := and ('or' and)*
 *   and     := primary ('and' primary)*
 *   primary := '(' or ')' | field op value
 *   op      := '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like'
 *   value   := string | number | 'true' | 'false' | 'null'
 *
 * Keywords are lower case (the action query page requires it); `and` binds
 * tighter than `or`, as the ZOQL page documents. Strings are quoted with ' or
 * "; a backslash escapes the quote, another backslash, or the other quote.
 * `*` is refused: the action query takes no wildcard. A query holds at most
 * 200 conditions and 10,000 characters. Pure: no database, no registry.
 */
import type { Filter, Literal } from './filter.js';
import { QueryFault } from './filter.js';

export interface ZoqlQuery {
  fields: Array<{ name: string; pos: number }>;
  object: { name: string; pos: number };
  where?: Filter;
}

type TokKind = 'ident' | 'keyword' | 'string' | 'number' | 'op' | 'punct' | 'eof';
interface Token {
  kind: TokKind;
  text: string;
  /** Unescaped value of a string. */
  value?: string;
  pos: number;
}

const KEYWORDS = new Set(['select', 'from', 'where', 'and', 'or', 'like', 'null', 'true', 'false']);
export const MAX_QUERY_LENGTH = 10_000;
export const MAX_CONDITIONS = 200;

const malformed = (message: string) => new QueryFault('MALFORMED_QUERY', message);

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const isIdStart = (c: string) => /[A-Za-z_]/.test(c);
  const isId = (c: string) => /[A-Za-z0-9_.]/.test(c);
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isIdStart(c)) {
      while (i < src.length && isId(src[i]!)) i++;
      const text = src.slice(start, i);
      out.push({ kind: KEYWORDS.has(text) ? 'keyword' : 'ident', text, pos: start });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      i++;
      while (i < src.length && /[0-9]/.test(src[i]!)) i++;
      if (src[i] === '.' && /[0-9]/.test(src[i + 1] ?? '')) {
        i++;
        while (i < src.length && /[0-9]/.test(src[i]!)) i++;
      }
      if (i < src.length && isIdStart(src[i]!)) throw malformed(`unexpected character '${src[i]}' in a number at position ${i + 1}`);
      out.push({ kind: 'number', text: src.slice(start, i), pos: start });
      continue;
    }
    if (c === "'" || c === '"') {
      i++;
      let value = '';
      for (;;) {
        if (i >= src.length) throw malformed(`unterminated string starting at position ${start + 1}`);
        const ch = src[i]!;
        if (ch === '\\') {
          const next = src[i + 1];
          if (next === "'" || next === '"' || next === '\\') {
            value += next;
            i += 2;
            continue;
          }
          throw malformed(`invalid escape '\\${next ?? ''}' at position ${i + 1}: only \\', \\" and \\\\ are escapes`);
        }
        if (ch === c) {
          i++;
          break;
        }
        value += ch;
        i++;
      }
      out.push({ kind: 'string', text: src.slice(start, i), value, pos: start });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '<>') {
      out.push({ kind: 'op', text: two === '<>' ? '!=' : two, pos: start });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      out.push({ kind: 'op', text: c, pos: start });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === '*') {
      out.push({ kind: 'punct', text: c, pos: start });
      i++;
      continue;
    }
    throw malformed(`unexpected character '${c}' at position ${i + 1}`);
  }
  out.push({ kind: 'eof', text: '', pos: src.length });
  return out;
}

export function parseZoql(src: string): ZoqlQuery {
  if (src.length > MAX_QUERY_LENGTH) throw malformed(`the query is longer than ${MAX_QUERY_LENGTH} characters`);
  if (src.trim() === '') throw malformed('the query string is empty');
  const toks = tokenize(src);
  let p = 0;
  let conditions = 0;
  const peek = () => toks[p]!;
  const describe = (t: Token) => (t.kind === 'eof' ? 'the end of the query' : `'${t.text}' at position ${t.pos + 1}`);
  const fail = (expected: string): never => {
    const t = peek();
    if (t.kind === 'ident' && KEYWORDS.has(t.text.toLowerCase())) {
      throw malformed(`expected ${expected} but found ${describe(t)}: ZOQL keywords must be in lower case`);
    }
    throw malformed(`expected ${expected} but found ${describe(t)}`);
  };
  const keyword = (k: string) => {
    const t = peek();
    if (t.kind === 'keyword' && t.text === k) {
      p++;
      return t;
    }
    return fail(`'${k}'`);
  };
  const isKeyword = (k: string) => peek().kind === 'keyword' && peek().text === k;
  const ident = (what: string) => {
    const t = peek();
    if (t.kind === 'ident') {
      p++;
      return { name: t.text, pos: t.pos };
    }
    return fail(what);
  };

  keyword('select');
  const fields: ZoqlQuery['fields'] = [];
  if (peek().kind === 'punct' && peek().text === '*') throw malformed(`the wildcard '*' at position ${peek().pos + 1} is not allowed in a query: name the fields`);
  fields.push(ident('a field name'));
  while (peek().kind === 'punct' && peek().text === ',') {
    p++;
    fields.push(ident('a field name'));
  }
  keyword('from');
  const object = ident('an object name');
  let where: Filter | undefined;
  if (isKeyword('where')) {
    p++;
    where = parseOr();
  }
  if (peek().kind !== 'eof') fail(where ? "'and', 'or' or the end of the query" : "'where' or the end of the query");
  return { fields, object, where };

  function parseOr(): Filter {
    const items = [parseAnd()];
    while (isKeyword('or')) {
      p++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }
  function parseAnd(): Filter {
    const items = [parsePrimary()];
    while (isKeyword('and')) {
      p++;
      items.push(parsePrimary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }
  function parsePrimary(): Filter {
    const t = peek();
    if (t.kind === 'punct' && t.text === '(') {
      p++;
      const inner = parseOr();
      const close = peek();
      if (!(close.kind === 'punct' && close.text === ')')) fail(`')' to close the '(' at position ${t.pos + 1}`);
      p++;
      return inner;
    }
    const field = ident('a field name');
    let op: string;
    const o = peek();
    if (o.kind === 'op') op = o.text;
    else if (o.kind === 'keyword' && o.text === 'like') op = 'like';
    else return fail(`an operator (=, !=, <, >, <=, >=, like) after '${field.name}'`);
    p++;
    const value = parseValue();
    if (++conditions > MAX_CONDITIONS) throw malformed(`a query may hold at most ${MAX_CONDITIONS} conditions`);
    if (value.kind === 'null' && op !== '=' && op !== '!=') throw malformed(`null can only be compared with = or != (position ${o.pos + 1})`);
    return { kind: 'cmp', field: field.name, pos: field.pos, op: op as '=', value };
  }
  function parseValue(): Literal {
    const t = peek();
    p++;
    if (t.kind === 'string') return { kind: 'string', value: t.value! };
    if (t.kind === 'number') return { kind: 'number', value: t.text };
    if (t.kind === 'keyword' && (t.text === 'true' || t.text === 'false')) return { kind: 'boolean', value: t.text === 'true' };
    if (t.kind === 'keyword' && t.text === 'null') return { kind: 'null' };
    p--;
    return fail('a value (a quoted string, a number, true, false or null)');
  }
}
