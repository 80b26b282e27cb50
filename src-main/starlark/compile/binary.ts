/**
 * Binary operators (spec: "Binary operators", "Comparisons", "Membership tests"). `and` and `or`
 * are control flow. The others inline the cases a reconciler hits most — ints that are JS
 * numbers, strings — and hand everything else to runtime/ops after recording the operator's
 * position.
 */
import type * as ast from '../syntax/ast';
import { binary, compare, equals } from '../runtime/ops';
import {
  Bytes,
  Dict,
  List,
  truth,
  type BinaryOperator,
  type CompareOperator,
  type Value,
} from '../runtime/value';
import type { FunctionCompiler } from './compiler';
import type { Expr } from './function';

const MAX = Number.MAX_SAFE_INTEGER;
const INT32 = 0x80000000;

export function compileBinary(c: FunctionCompiler, e: ast.BinaryExpr): Expr {
  if (e.op === '+') return compilePlus(c, e);
  const x = c.expr(e.x);
  const y = c.expr(e.y);
  const pos = e.opPos;
  switch (e.op) {
    case 'and':
      return (fr) => {
        const v = x(fr);
        return truth(v) ? y(fr) : v;
      };
    case 'or':
      return (fr) => {
        const v = x(fr);
        return truth(v) ? v : y(fr);
      };
    case '==':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a !== 'object' && typeof b !== 'object') return a === b;
        fr.pos = pos;
        return equals(a, b);
      };
    case '!=':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a !== 'object' && typeof b !== 'object') return a !== b;
        fr.pos = pos;
        return !equals(a, b);
      };
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compileOrder(e.op, x, y, pos);
    case '-':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'number' && typeof b === 'number') {
          const r = a - b;
          if (r <= MAX && r >= -MAX) return r;
        }
        fr.pos = pos;
        return binary('-', a, b);
      };
    case '*':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'number' && typeof b === 'number') {
          const r = a * b;
          if (r <= MAX && r >= -MAX) return r + 0;
        }
        fr.pos = pos;
        return binary('*', a, b);
      };
    case '//':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'number' && typeof b === 'number' && b !== 0 && a < INT32 && a > -INT32) {
          return Math.floor(a / b) + 0;
        }
        fr.pos = pos;
        return binary('//', a, b);
      };
    case '%':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'number' && typeof b === 'number' && b !== 0) {
          let r = a % b;
          if (r !== 0 && r < 0 !== b < 0) r += b;
          return r + 0;
        }
        fr.pos = pos;
        return binary('%', a, b);
      };
    case 'in':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'string' && b instanceof Dict) return b.getStr(a) !== undefined;
        if (typeof a !== 'object' && b instanceof List) {
          if (b.elems.includes(a)) return true;
        }
        fr.pos = pos;
        return binary('in', a, b);
      };
    case 'not in':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'string' && b instanceof Dict) return b.getStr(a) === undefined;
        fr.pos = pos;
        return binary('not in', a, b);
      };
    case '=':
      throw new Error('internal error: keyword argument outside a call');
    default: {
      const op: BinaryOperator = e.op;
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        fr.pos = pos;
        return binary(op, a, b);
      };
    }
  }
}

function compileOrder(op: CompareOperator, x: Expr, y: Expr, pos: ast.Position): Expr {
  switch (op) {
    case '<':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'number' && typeof b === 'number') return a < b;
        fr.pos = pos;
        return compare('<', a, b);
      };
    case '<=':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'number' && typeof b === 'number') return a <= b;
        fr.pos = pos;
        return compare('<=', a, b);
      };
    case '>':
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'number' && typeof b === 'number') return a > b;
        fr.pos = pos;
        return compare('>', a, b);
      };
    default:
      return (fr) => {
        const a = x(fr);
        const b = y(fr);
        if (typeof a === 'number' && typeof b === 'number') return a >= b;
        fr.pos = pos;
        return compare(op, a, b);
      };
  }
}

function unparen(e: ast.Expr): ast.Expr {
  return e.kind === 'ParenExpr' ? unparen(e.x) : e;
}

/**
 * `a + b + c`: as go.starlark.net's compiler, the left-leaning chain of `+` is flattened and
 * adjacent str (or bytes) literals are joined at compile time — which is how `b"a" + b"b"`
 * works although bytes have no `+` at run time.
 */
function compilePlus(c: FunctionCompiler, e: ast.BinaryExpr): Expr {
  const summands: { x: ast.Expr; pos: ast.Position }[] = [];
  let plus: ast.BinaryExpr = e;
  for (;;) {
    summands.push({ x: unparen(plus.y), pos: plus.opPos });
    const left = unparen(plus.x);
    if (left.kind !== 'BinaryExpr' || left.op !== '+') {
      summands.push({ x: left, pos: plus.opPos });
      break;
    }
    plus = left;
  }
  summands.reverse();
  const parts: { value: Expr; pos: ast.Position }[] = [];
  for (let i = 0; i < summands.length;) {
    const first = summands[i]!;
    const token = literalToken(first.x);
    let j = i + 1;
    if (token !== undefined) {
      while (j < summands.length && literalToken(summands[j]!.x) === token) j++;
    }
    if (j > i + 1) {
      const text = summands
        .slice(i, j)
        .map((s) => (s.x as ast.StringLiteral | ast.BytesLiteral).value)
        .join('');
      const v: Value = token === 'BYTES' ? new Bytes(text) : text;
      parts.push({ value: () => v, pos: first.pos });
    } else {
      parts.push({ value: c.expr(first.x), pos: first.pos });
    }
    i = j;
  }
  let acc = parts[0]!.value;
  for (let k = 1; k < parts.length; k++) acc = plusOf(acc, parts[k]!.value, parts[k]!.pos);
  return acc;
}

function literalToken(e: ast.Expr): 'STRING' | 'BYTES' | undefined {
  if (e.kind !== 'Literal') return undefined;
  return e.token === 'STRING' || e.token === 'BYTES' ? e.token : undefined;
}

function plusOf(x: Expr, y: Expr, pos: ast.Position): Expr {
  return (fr) => {
    const a = x(fr);
    const b = y(fr);
    if (typeof a === 'number' && typeof b === 'number') {
      const r = a + b;
      if (r <= MAX && r >= -MAX) return r;
    } else if (typeof a === 'string' && typeof b === 'string') return a + b;
    fr.pos = pos;
    return binary('+', a, b);
  };
}
