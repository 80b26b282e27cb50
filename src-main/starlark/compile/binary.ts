/**
 * Binary operators (spec: "Binary operators", "Comparisons", "Membership tests"). `and` and `or`
 * are control flow. The others inline the cases a reconciler hits most — ints that are JS
 * numbers, strings — and hand everything else to runtime/ops after recording the operator's
 * position.
 */
import type * as ast from '../syntax/ast';
import { binary, compare, equals } from '../runtime/ops';
import { Dict, List, truth, type BinaryOperator, type CompareOperator } from '../runtime/value';
import type { FunctionCompiler } from './compiler';
import type { Expr } from './function';

const MAX = Number.MAX_SAFE_INTEGER;
const INT32 = 0x80000000;

export function compileBinary(c: FunctionCompiler, e: ast.BinaryExpr): Expr {
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
    case '+':
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
        if (typeof a === 'string' && b instanceof Dict) return b.entries.has(a);
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
        if (typeof a === 'string' && b instanceof Dict) return !b.entries.has(a);
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
