/**
 * Multi-Attribute Pricing: the price comes from a price formula over attributes of the account, the
 * subscription and (for usage charges) each usage record.
 *
 * The formula language is the documented one: numbers, + - * / ^ and parentheses, and the functions
 * fieldLookup("object", "field"), usageQuantity(), max(a, b, ...), min(a, b, ...) and
 * objectLookup("customObject", "targetField", "field" = value, ...) (operators = < <= > >=).
 * The caller supplies the values (`FormulaContext`); a formula that does not parse, names an unknown
 * function or field, divides by zero or does arithmetic on text is a RatingError, never a guessed number.
 *
 * - Usage charges: each record's amount is the formula evaluated for that record; the period's amount is
 *   their sum.
 * - One-time and recurring charges: the formula gives the charge's price for the period, evaluated once;
 *   a partial period is worth it times the proration factor.
 */
import { Decimal } from 'decimal.js';
import { D, type Money } from '../../../../platform/money.js';
import { type DecimalLike, factorOf, quantityOf, type RatedAmount, RatingError, ZERO } from './types.js';

export type FormulaValue = Money | string;

export interface LookupCriterion {
  field: string;
  op: '=' | '<' | '<=' | '>' | '>=';
  value: FormulaValue;
}

export interface FormulaContext {
  /** Fields by object name ("account", "subscription", "usage"), each a map of field name to value. */
  objects: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The current usage record's quantity (usage charges). */
  usageQuantity?: DecimalLike | null;
  /** Resolves objectLookup(); undefined when no record matches. */
  objectLookup?: (customObject: string, targetField: string, criteria: LookupCriterion[]) => unknown;
}

type Token = { kind: 'num' | 'str' | 'id' | 'op'; text: string; pos: number };

function fail(formula: string, msg: string): never {
  throw new RatingError('INVALID_FORMULA', `price formula '${formula}': ${msg}`);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) fail(src, `bad number at ${i + 1}`);
      out.push({ kind: 'num', text: m[0], pos: i });
      i += m[0].length;
    } else if (c === '"' || c === '\u201c' || c === '\u201d') {
      let j = i + 1;
      while (j < src.length && !'"\u201c\u201d'.includes(src[j]!)) j++;
      if (j >= src.length) fail(src, `unterminated string at ${i + 1}`);
      out.push({ kind: 'str', text: src.slice(i + 1, j), pos: i });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ kind: 'id', text: m[0], pos: i });
      i += m[0].length;
    } else if (src.startsWith('<=', i) || src.startsWith('>=', i)) {
      out.push({ kind: 'op', text: src.slice(i, i + 2), pos: i });
      i += 2;
    } else if ('+-*/^(),=<>'.includes(c)) {
      out.push({ kind: 'op', text: c, pos: i });
      i++;
    } else {
      fail(src, `unexpected '${c}' at ${i + 1}`);
    }
  }
  return out;
}

/** Evaluates a price formula in a context. */
export function evaluatePriceFormula(formula: string, ctx: FormulaContext): FormulaValue {
  if (!formula || !formula.trim()) throw new RatingError('MISSING_PRICING', 'a price formula is required for Multi-Attribute Pricing');
  const toks = tokenize(formula);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (t: string) => peek()?.kind === 'op' && peek()!.text === t;
  const expect = (t: string) => {
    if (!isOp(t)) fail(formula, `expected '${t}'${peek() ? ` at ${peek()!.pos + 1}` : ' at the end'}`);
    p++;
  };
  const num = (v: FormulaValue, what: string): Money => {
    if (typeof v === 'string') {
      try {
        const d = new D(v);
        if (d.isFinite()) return d;
      } catch {
        /* not a number */
      }
      fail(formula, `${what} is not a number: '${v}'`);
    }
    return v;
  };
  const toValue = (v: unknown, what: string): FormulaValue => {
    if (v === null || v === undefined || v === '') fail(formula, `${what} has no value`);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(formula, `${what} is not a finite number`);
      return new D(v);
    }
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return v;
    if (Decimal.isDecimal(v)) return new D(v);
    fail(formula, `${what} is not a number or text`);
  };

  function args(): FormulaValue[] {
    expect('(');
    const out: FormulaValue[] = [];
    if (isOp(')')) {
      p++;
      return out;
    }
    for (;;) {
      out.push(expr());
      if (isOp(',')) {
        p++;
        continue;
      }
      expect(')');
      return out;
    }
  }

  function call(name: string): FormulaValue {
    switch (name) {
      case 'fieldLookup': {
        const a = args();
        if (a.length !== 2 || typeof a[0] !== 'string' || typeof a[1] !== 'string') fail(formula, 'fieldLookup takes an object name and a field name');
        const obj = ctx.objects[a[0].toLowerCase()] ?? ctx.objects[a[0]];
        if (!obj) fail(formula, `fieldLookup: unknown object '${a[0]}'`);
        if (!(a[1] in obj)) fail(formula, `fieldLookup: ${a[0]} has no field '${a[1]}'`);
        return toValue(obj[a[1]], `${a[0]}.${a[1]}`);
      }
      case 'usageQuantity': {
        const a = args();
        if (a.length !== 0) fail(formula, 'usageQuantity takes no argument');
        if (ctx.usageQuantity === null || ctx.usageQuantity === undefined) fail(formula, 'usageQuantity() is only available for usage records');
        return quantityOf(ctx.usageQuantity, 'usage quantity');
      }
      case 'max':
      case 'min': {
        const a = args().map((v, i) => num(v, `${name} argument ${i + 1}`));
        if (a.length < 2) fail(formula, `${name} takes two or more arguments`);
        return a.reduce((m, v) => (name === 'max' ? (v.gt(m) ? v : m) : v.lt(m) ? v : m));
      }
      case 'objectLookup': {
        expect('(');
        const obj = expr();
        expect(',');
        const target = expr();
        if (typeof obj !== 'string' || typeof target !== 'string') fail(formula, 'objectLookup takes a custom object name and a target field name');
        const criteria: LookupCriterion[] = [];
        while (isOp(',')) {
          p++;
          const f = peek();
          if (!f || f.kind !== 'str') fail(formula, 'objectLookup criteria are "field" <op> value');
          p++;
          const op = peek();
          if (!op || op.kind !== 'op' || !['=', '<', '<=', '>', '>='].includes(op.text)) fail(formula, `objectLookup: expected an operator after "${f.text}"`);
          p++;
          criteria.push({ field: f.text, op: op.text as LookupCriterion['op'], value: expr() });
        }
        expect(')');
        if (!ctx.objectLookup) fail(formula, 'objectLookup() needs custom object data, and none was given');
        return toValue(ctx.objectLookup(obj, target, criteria), `objectLookup("${obj}", "${target}")`);
      }
      default:
        fail(formula, `unknown function '${name}'`);
    }
  }

  function primary(): FormulaValue {
    const t = peek();
    if (!t) fail(formula, 'unexpected end');
    if (t.kind === 'num') {
      p++;
      return new D(t.text);
    }
    if (t.kind === 'str') {
      p++;
      return t.text;
    }
    if (t.kind === 'id') {
      p++;
      if (!isOp('(')) fail(formula, `'${t.text}' must be called as a function`);
      return call(t.text);
    }
    if (t.text === '(') {
      p++;
      const v = expr();
      expect(')');
      return v;
    }
    if (t.text === '-') {
      p++;
      return num(unary(), 'operand of -').neg();
    }
    if (t.text === '+') {
      p++;
      return num(unary(), 'operand of +');
    }
    fail(formula, `unexpected '${t.text}' at ${t.pos + 1}`);
  }
  function unary(): FormulaValue {
    return primary();
  }
  function power(): FormulaValue {
    const base = unary();
    if (isOp('^')) {
      p++;
      const e = num(power(), 'exponent');
      return num(base, 'base of ^').pow(e);
    }
    return base;
  }
  function term(): FormulaValue {
    let v = power();
    while (isOp('*') || isOp('/')) {
      const op = toks[p++]!.text;
      const r = num(power(), `right operand of ${op}`);
      const l = num(v, `left operand of ${op}`);
      if (op === '/' && r.isZero()) fail(formula, 'division by zero');
      v = op === '*' ? l.mul(r) : l.div(r);
    }
    return v;
  }
  function expr(): FormulaValue {
    let v = term();
    while (isOp('+') || isOp('-')) {
      const op = toks[p++]!.text;
      const r = num(term(), `right operand of ${op}`);
      v = op === '+' ? num(v, `left operand of ${op}`).add(r) : num(v, `left operand of ${op}`).sub(r);
    }
    return v;
  }

  const v = expr();
  if (p < toks.length) fail(formula, `unexpected '${toks[p]!.text}' at ${toks[p]!.pos + 1}`);
  return v;
}

function amountOf(formula: string, ctx: FormulaContext): Money {
  const v = evaluatePriceFormula(formula, ctx);
  if (typeof v === 'string') {
    try {
      const d = new D(v);
      if (d.isFinite()) return d;
    } catch {
      /* fall through */
    }
    fail(formula, `the result is not a number: '${v}'`);
  }
  if (!v.isFinite()) fail(formula, 'the result is not a finite number');
  return v;
}

/** A usage charge: one amount per usage record, summed. */
export function rateMultiAttributeUsage(
  formula: string,
  input: {
    base: Omit<FormulaContext, 'usageQuantity'>;
    records: readonly { quantity: DecimalLike; fields: Readonly<Record<string, unknown>> }[];
  },
): RatedAmount & { recordAmounts: Money[] } {
  let quantity = ZERO;
  const recordAmounts = input.records.map((r) => {
    const q = quantityOf(r.quantity, 'usage quantity');
    quantity = quantity.add(q);
    return amountOf(formula, { ...input.base, objects: { ...input.base.objects, usage: { quantity: q.toFixed(), ...r.fields } }, usageQuantity: q });
  });
  return { amount: recordAmounts.reduce((s, a) => s.add(a), ZERO), quantity, tiers: [], recordAmounts };
}

/** A one-time or recurring charge: the formula's price for one full period (times the proration factor). */
export function rateMultiAttribute(formula: string, input: { context: FormulaContext; quantity?: DecimalLike | null; prorationFactor?: DecimalLike | null }): RatedAmount {
  const quantity = input.quantity === null || input.quantity === undefined ? new D(1) : quantityOf(input.quantity);
  return { amount: amountOf(formula, input.context).mul(factorOf(input.prorationFactor)), quantity, tiers: [] };
}
