/**
 * The `q` parameter of GET /objects/records/default/{object} (docs: "Query syntax of custom object
 * records"): `field:value`, `field:<v`, `field:>v`, `field:<=v`, `field:>=v`, `"quoted values"`,
 * `_exists_:field`, the upper-case boolean operators `AND`/`&&`, `OR`/`||`, `NOT`/`!`, and parentheses.
 * `!field:v` is true when the field is missing or null too, as the page says. Only filterable fields may be
 * named. Pure: a parser (recursive descent over tokens) and an evaluator over one record.
 */
export type QNode =
  | { kind: 'and' | 'or'; left: QNode; right: QNode }
  | { kind: 'not'; node: QNode }
  | { kind: 'exists'; field: string }
  | { kind: 'cmp'; field: string; op: '=' | '<' | '>' | '<=' | '>='; value: string };

export class QueryError extends Error {}

type Tok = { t: 'word' | 'quoted' | '(' | ')' | ':' | 'op'; v: string; at: number };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ':') {
      out.push({ t: c, v: c, at: i });
      i++;
      continue;
    }
    if (s.startsWith('&&', i) || s.startsWith('||', i)) {
      out.push({ t: 'op', v: s.slice(i, i + 2) === '&&' ? 'AND' : 'OR', at: i });
      i += 2;
      continue;
    }
    if (c === '!') {
      out.push({ t: 'op', v: 'NOT', at: i });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length) j++;
        v += s[j];
        j++;
      }
      if (j >= s.length) throw new QueryError(`Unterminated quoted value at position ${i + 1}`);
      out.push({ t: 'quoted', v, at: i });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s():"]/.test(s[j]!)) j++;
    const w = s.slice(i, j);
    out.push({ t: w === 'AND' || w === 'OR' || w === 'NOT' ? 'op' : 'word', v: w, at: i });
    i = j;
  }
  return out;
}

export function parseQuery(s: string): QNode {
  const toks = tokenize(s);
  let p = 0;
  const peek = () => toks[p];
  const where = (t?: Tok) => (t ? `at position ${t.at + 1}` : 'at the end of the query');
  const expect = (t: Tok['t']): Tok => {
    const k = toks[p];
    if (!k || k.t !== t) throw new QueryError(`Expected '${t === 'word' ? 'a field name' : t}' ${where(k)}`);
    p++;
    return k;
  };
  function or(): QNode {
    let left = and();
    while (peek()?.t === 'op' && peek()!.v === 'OR') {
      p++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }
  function and(): QNode {
    let left = not();
    while (peek()?.t === 'op' && peek()!.v === 'AND') {
      p++;
      left = { kind: 'and', left, right: not() };
    }
    return left;
  }
  function not(): QNode {
    if (peek()?.t === 'op' && peek()!.v === 'NOT') {
      p++;
      return { kind: 'not', node: not() };
    }
    return primary();
  }
  function primary(): QNode {
    const k = peek();
    if (k?.t === '(') {
      p++;
      const n = or();
      expect(')');
      return n;
    }
    const f = expect('word');
    expect(':');
    if (f.v === '_exists_') return { kind: 'exists', field: expect('word').v };
    const v = toks[p];
    if (!v || (v.t !== 'word' && v.t !== 'quoted')) throw new QueryError(`Expected a value for '${f.v}' ${where(v)}`);
    p++;
    if (v.t === 'quoted') return { kind: 'cmp', field: f.v, op: '=', value: v.v };
    const m = /^(<=|>=|<|>)?(.*)$/.exec(v.v)!;
    let value = m[2]!;
    if (m[1] && !value) {
      const q = toks[p];
      if (q?.t !== 'quoted') throw new QueryError(`Expected a value after '${m[1]}' ${where(q)}`);
      p++;
      value = q.v;
    }
    return { kind: 'cmp', field: f.v, op: (m[1] ?? '=') as '=', value };
  }
  if (!toks.length) throw new QueryError('The query is empty');
  const n = or();
  if (p < toks.length) throw new QueryError(`Unexpected '${toks[p]!.v}' ${where(toks[p])}`);
  return n;
}

export function fieldsOf(n: QNode): string[] {
  switch (n.kind) {
    case 'and':
    case 'or':
      return [...fieldsOf(n.left), ...fieldsOf(n.right)];
    case 'not':
      return fieldsOf(n.node);
    default:
      return [n.field];
  }
}

function compare(actual: unknown, op: '=' | '<' | '>' | '<=' | '>=', raw: string): boolean {
  if (actual === undefined || actual === null) return false;
  let c: number;
  if (typeof actual === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || Number.isNaN(n)) return false;
    c = actual - n;
  } else if (typeof actual === 'boolean') {
    if (op !== '=') return false;
    return String(actual) === raw.toLowerCase();
  } else if (Array.isArray(actual)) {
    return op === '=' && actual.includes(raw);
  } else {
    const a = String(actual);
    c = a < raw ? -1 : a > raw ? 1 : 0;
  }
  switch (op) {
    case '=':
      return c === 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
  }
}

export function matches(n: QNode, rec: Record<string, unknown>): boolean {
  switch (n.kind) {
    case 'and':
      return matches(n.left, rec) && matches(n.right, rec);
    case 'or':
      return matches(n.left, rec) || matches(n.right, rec);
    case 'not':
      return !matches(n.node, rec);
    case 'exists':
      return rec[n.field] !== undefined && rec[n.field] !== null;
    case 'cmp':
      return compare(rec[n.field], n.op, n.value);
  }
}
