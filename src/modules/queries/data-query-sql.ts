/**
 * The SQL subset Data Query accepts, parsed here into a tree that never becomes SQL text: the query is
 * compiled against the registry (table = a Zuora object by its lower-case name, `account`, `invoiceitem`;
 * columns = its fields, custom fields included) and run through the engine with bound values.
 *
 *   SELECT item [, item…] FROM table [[AS] alias]
 *     [WHERE cond] [GROUP BY column [, column…]] [ORDER BY column [ASC|DESC] [, …]] [LIMIT n]
 *   item: * | column [[AS] name] | COUNT(*) | COUNT|SUM|MIN|MAX|AVG(column) [[AS] name]
 *   cond: cond AND cond | cond OR cond | (cond) | column op literal | column [NOT] LIKE 'text'
 *         | column IN (literal, …) | column IS [NOT] NULL         op: = != <> < <= > >=
 *   column: name or alias.name (or table.name); literal: 'text' ('' inside), number, true, false, null
 *
 * Anything else (joins, subqueries, functions, DISTINCT, HAVING, NOT, expressions) is refused with a
 * message naming it, never answered approximately.
 */
import type { Filter, Literal } from './filter.js';

export type Agg = 'count' | 'sum' | 'min' | 'max' | 'avg';
export interface SelectItem {
  kind: 'all' | 'column' | 'agg';
  column?: string;
  agg?: Agg;
  /** COUNT(*) */
  star?: boolean;
  /** The output column's name: the alias, or the text as written. */
  label: string;
}
export interface ParsedQuery {
  table: string;
  alias?: string;
  items: SelectItem[];
  where?: Filter;
  groupBy: string[];
  orderBy: Array<{ column: string; desc: boolean }>;
  limit?: number;
}

export class DataQuerySyntaxError extends Error {}

type Tok = { t: 'id' | 'str' | 'num' | 'op' | 'punct'; v: string; pos: number };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && s[i + 1] === '-') throw new DataQuerySyntaxError('comments are not supported');
    if (c === "'") {
      let v = '';
      let j = i + 1;
      for (;;) {
        if (j >= s.length) throw new DataQuerySyntaxError(`unterminated string at position ${i + 1}`);
        if (s[j] === "'") {
          if (s[j + 1] === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      out.push({ t: 'str', v, pos: i });
      i = j + 1;
      continue;
    }
    if (c === '"') {
      const j = s.indexOf('"', i + 1);
      if (j < 0) throw new DataQuerySyntaxError(`unterminated quoted name at position ${i + 1}`);
      out.push({ t: 'id', v: s.slice(i + 1, j), pos: i });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(s.slice(i));
    if (num && (c !== '-' || !out.length || out[out.length - 1]!.t === 'op' || out[out.length - 1]!.v === '(' || out[out.length - 1]!.v === ',')) {
      out.push({ t: 'num', v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = /^(<>|!=|<=|>=|=|<|>)/.exec(s.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0], pos: i });
      i += op[0].length;
      continue;
    }
    if ('(),.*'.includes(c)) {
      out.push({ t: 'punct', v: c, pos: i });
      i++;
      continue;
    }
    if (c === ';' && s.slice(i + 1).trim() === '') break;
    throw new DataQuerySyntaxError(`unexpected '${c}' at position ${i + 1}`);
  }
  return out;
}

const KEYWORDS = new Set(['select', 'from', 'where', 'and', 'or', 'not', 'in', 'is', 'null', 'like', 'group', 'by', 'order', 'asc', 'desc', 'limit', 'as', 'join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'on', 'having', 'distinct', 'union', 'offset', 'true', 'false', 'with']);
const AGGS = new Set(['count', 'sum', 'min', 'max', 'avg']);

export function parseDataQuery(text: string): ParsedQuery {
  const toks = tokenize(text);
  let i = 0;
  const peek = () => toks[i];
  const kw = (w: string) => peek()?.t === 'id' && peek()!.v.toLowerCase() === w;
  const eatKw = (w: string) => (kw(w) ? (i++, true) : false);
  const expectKw = (w: string) => {
    if (!eatKw(w)) throw new DataQuerySyntaxError(`expected ${w.toUpperCase()}${peek() ? ` at position ${peek()!.pos + 1}` : ' at the end'}`);
  };
  const punct = (v: string) => peek()?.t === 'punct' && peek()!.v === v;
  const eatPunct = (v: string) => (punct(v) ? (i++, true) : false);
  const name = (what: string): string => {
    const tk = peek();
    if (!tk || tk.t !== 'id' || KEYWORDS.has(tk.v.toLowerCase())) throw new DataQuerySyntaxError(`expected ${what}${tk ? ` at position ${tk.pos + 1}, found '${tk.v}'` : ' at the end'}`);
    i++;
    return tk.v;
  };
  const column = (): string => {
    let n = name('a column name');
    if (eatPunct('.')) n = `${n}.${name('a column name')}`;
    if (eatPunct('.')) throw new DataQuerySyntaxError(`'${n}.…': only one qualifier (the table or its alias) is supported`);
    if (punct('(')) throw new DataQuerySyntaxError(`the function ${n}() is not supported`);
    return n;
  };
  const unsupported = () => {
    for (const w of ['join', 'inner', 'left', 'right', 'full', 'cross', 'union', 'having', 'offset', 'with'])
      if (kw(w)) throw new DataQuerySyntaxError(`${w.toUpperCase()} is not supported by zbill's Data Query`);
  };

  if (eatKw('with')) throw new DataQuerySyntaxError('WITH is not supported by zbill\'s Data Query');
  expectKw('select');
  if (kw('distinct')) throw new DataQuerySyntaxError('DISTINCT is not supported by zbill\'s Data Query');
  const items: SelectItem[] = [];
  do {
    const start = peek();
    if (eatPunct('*')) {
      items.push({ kind: 'all', label: '*' });
      continue;
    }
    if (start?.t === 'id' && AGGS.has(start.v.toLowerCase()) && toks[i + 1]?.v === '(') {
      i += 2;
      const agg = start.v.toLowerCase() as Agg;
      if (kw('distinct')) throw new DataQuerySyntaxError(`${agg.toUpperCase()}(DISTINCT …) is not supported`);
      let item: SelectItem;
      if (eatPunct('*')) {
        if (agg !== 'count') throw new DataQuerySyntaxError(`${agg.toUpperCase()}(*) is not valid; name a column`);
        item = { kind: 'agg', agg, star: true, label: 'count(*)' };
      } else {
        const col = column();
        item = { kind: 'agg', agg, column: col, label: `${agg}(${col})` };
      }
      if (!eatPunct(')')) throw new DataQuerySyntaxError(`expected ) after ${item.label.slice(0, -1)}`);
      if (eatKw('as') || (peek()?.t === 'id' && !KEYWORDS.has(peek()!.v.toLowerCase()))) item.label = name('an alias');
      items.push(item);
      continue;
    }
    const col = column();
    const item: SelectItem = { kind: 'column', column: col, label: col.includes('.') ? col.split('.')[1]! : col };
    if (eatKw('as') || (peek()?.t === 'id' && !KEYWORDS.has(peek()!.v.toLowerCase()))) item.label = name('an alias');
    items.push(item);
  } while (eatPunct(','));
  expectKw('from');
  if (punct('(')) throw new DataQuerySyntaxError('subqueries are not supported by zbill\'s Data Query');
  const table = name('a table name');
  if (eatPunct('.')) throw new DataQuerySyntaxError(`'${table}.…': tables take no schema prefix`);
  let alias: string | undefined;
  if (eatKw('as') || (peek()?.t === 'id' && !KEYWORDS.has(peek()!.v.toLowerCase()))) alias = name('an alias');
  if (eatPunct(',')) throw new DataQuerySyntaxError('several tables (a join) are not supported by zbill\'s Data Query');
  unsupported();

  const literal = (): Literal => {
    const tk = peek();
    if (!tk) throw new DataQuerySyntaxError('expected a value at the end');
    i++;
    if (tk.t === 'str') return { kind: 'string', value: tk.v };
    if (tk.t === 'num') return { kind: 'number', value: tk.v };
    if (tk.t === 'id' && tk.v.toLowerCase() === 'true') return { kind: 'boolean', value: true };
    if (tk.t === 'id' && tk.v.toLowerCase() === 'false') return { kind: 'boolean', value: false };
    if (tk.t === 'id' && tk.v.toLowerCase() === 'null') return { kind: 'null' };
    throw new DataQuerySyntaxError(`expected a value (a 'string', a number, true, false or null) at position ${tk.pos + 1}, found '${tk.v}'`);
  };
  const condition = (): Filter => {
    if (eatPunct('(')) {
      const f = orExpr();
      if (!eatPunct(')')) throw new DataQuerySyntaxError('expected )');
      return f;
    }
    if (kw('not')) throw new DataQuerySyntaxError('NOT is not supported by zbill\'s Data Query (use !=, IS NOT NULL)');
    const field = column();
    if (eatKw('is')) {
      const not = eatKw('not');
      expectKw('null');
      return { kind: 'cmp', field, op: not ? '!=' : '=', value: { kind: 'null' } };
    }
    if (kw('not')) throw new DataQuerySyntaxError(`NOT ${toks[i + 1]?.v.toUpperCase() ?? ''} is not supported by zbill's Data Query`);
    if (eatKw('like')) {
      const v = literal();
      if (v.kind !== 'string') throw new DataQuerySyntaxError('LIKE takes a string');
      return { kind: 'cmp', field, op: 'like', value: v };
    }
    if (eatKw('in')) {
      if (!eatPunct('(')) throw new DataQuerySyntaxError('IN takes a list: IN (a, b)');
      if (kw('select')) throw new DataQuerySyntaxError('subqueries are not supported by zbill\'s Data Query');
      const values: Literal[] = [];
      do values.push(literal());
      while (eatPunct(','));
      if (!eatPunct(')')) throw new DataQuerySyntaxError('expected ) after the IN list');
      return { kind: 'cmp', field, op: 'in', value: values };
    }
    const op = peek();
    if (!op || op.t !== 'op') throw new DataQuerySyntaxError(`expected a comparison after ${field}${op ? ` at position ${op.pos + 1}` : ''}`);
    i++;
    const value = literal();
    if (value.kind === 'null') throw new DataQuerySyntaxError(`compare with null by IS NULL or IS NOT NULL (${field})`);
    const o = op.v === '<>' ? '!=' : (op.v as '=' | '!=' | '<' | '>' | '<=' | '>=');
    return { kind: 'cmp', field, op: o, value };
  };
  const andExpr = (): Filter => {
    const items = [condition()];
    while (eatKw('and')) items.push(condition());
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const orExpr = (): Filter => {
    const items = [andExpr()];
    while (eatKw('or')) items.push(andExpr());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };

  let where: Filter | undefined;
  if (eatKw('where')) where = orExpr();
  unsupported();
  const groupBy: string[] = [];
  if (eatKw('group')) {
    expectKw('by');
    do groupBy.push(column());
    while (eatPunct(','));
  }
  unsupported();
  const orderBy: Array<{ column: string; desc: boolean }> = [];
  if (eatKw('order')) {
    expectKw('by');
    do {
      const c = column();
      const desc = eatKw('desc');
      if (!desc) eatKw('asc');
      orderBy.push({ column: c, desc });
    } while (eatPunct(','));
  }
  let limit: number | undefined;
  if (eatKw('limit')) {
    const tk = peek();
    if (!tk || tk.t !== 'num' || !/^\d+$/.test(tk.v)) throw new DataQuerySyntaxError('LIMIT takes a whole number');
    i++;
    limit = Number(tk.v);
  }
  unsupported();
  if (peek()) throw new DataQuerySyntaxError(`unexpected '${peek()!.v}' at position ${peek()!.pos + 1}`);
  return { table, ...(alias ? { alias } : {}), items, ...(where ? { where } : {}), groupBy, orderBy, ...(limit !== undefined ? { limit } : {}) };
}
