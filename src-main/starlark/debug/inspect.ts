/**
 * What a debugger shows of a stopped thread: its frames, each frame's scopes (locals, free
 * variables, globals) and values, with children fetched on demand and a page at a time, so a
 * list of a million elements costs what the client looks at. References handed out are valid
 * until the thread resumes (the Debug Adapter Protocol's rule); `reset()` drops them.
 */
import { StarlarkFunction } from '../compile/function';
import type { Frame } from '../runtime/frame';
import { attrNames, getAttr, repr } from '../runtime/ops';
import { decodeUtf8 } from '../runtime/strings';
import { Cell } from '../runtime/frame';
import { Dict, List, Set, StarlarkObject, Tuple, typeName, type Value } from '../runtime/value';

/** One entry of the call stack as a debugger lists it, innermost first. */
export interface StackFrameInfo {
  /** 0 for the innermost frame, counting builtins. */
  readonly index: number;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** A builtin in progress (it has no source and no scopes). */
  readonly builtin: boolean;
}

export interface ScopeInfo {
  readonly name: 'Locals' | 'Free variables' | 'Globals';
  /** Pass to variables(). */
  readonly ref: number;
  readonly named: number;
}

export interface VariableInfo {
  readonly name: string;
  /** A one-line preview of the value, as text. */
  readonly value: string;
  readonly type: string;
  /** Non-zero when the value has children: pass to variables(). */
  readonly ref: number;
  /** How many indexed children (list, tuple, set elements, dict entries). */
  readonly indexed?: number;
  /** How many named children (struct fields, module members). */
  readonly named?: number;
  /** An expression that evaluates to this value in the frame, when there is a simple one. */
  readonly evaluateName?: string;
}

export interface Page {
  /** Only the indexed or only the named children. */
  readonly filter?: 'indexed' | 'named';
  readonly start?: number;
  readonly count?: number;
}

/** The most children returned when the client does not ask for a page. */
const maxUnpagedChildren = 1000;
/** Previews stop after about this many characters. */
const previewBudget = 200;

type Entry = readonly [name: string, value: Value | undefined, evaluateName: string | undefined];

type Container =
  | { readonly kind: 'scope'; readonly entries: readonly Entry[] }
  | {
      readonly kind: 'value';
      readonly value: Value;
      readonly evaluateName: string | undefined;
      items?: readonly Entry[];
    };

/** One entry of the stack: a Starlark frame, or a builtin called from one. */
export interface StackEntry {
  readonly frame: Frame;
  /** Set for a builtin `frame` is calling. */
  readonly builtin?: string;
}

/** The call stack of the thread whose innermost frame is `top`, innermost first. */
export function stackOf(top: Frame | undefined): StackEntry[] {
  const out: StackEntry[] = [];
  for (let fr = top; fr !== undefined; fr = fr.parent) {
    if (fr.callee !== undefined) out.push({ frame: fr, builtin: fr.callee });
    out.push({ frame: fr });
  }
  return out;
}

export function describeStack(stack: readonly StackEntry[]): StackFrameInfo[] {
  return stack.map((e, index) =>
    e.builtin !== undefined
      ? { index, name: decodeUtf8(e.builtin), file: '<builtin>', line: 0, col: 0, builtin: true }
      : {
          index,
          name: decodeUtf8(e.frame.fn.name),
          file: e.frame.pos.file,
          line: e.frame.pos.line,
          col: e.frame.pos.col,
          builtin: false,
        },
  );
}

/** Hands out references to scopes and values while a thread is stopped. */
export class Inspector {
  private containers: Container[] = [];

  /** Forgets every reference (the thread resumed). */
  reset(): void {
    this.containers = [];
  }

  /** The scopes of a Starlark frame. */
  scopes(frame: Frame): ScopeInfo[] {
    const fn = frame.fn;
    const out: ScopeInfo[] = [];
    if (!(fn instanceof StarlarkFunction)) return out;
    const code = fn.code;
    const locals: Entry[] = [];
    code.localNames.forEach((name, i) => {
      const v = frame.locals[i];
      const value = v instanceof Cell ? v.v : v;
      if (value !== undefined) locals.push([name, value, name]);
    });
    out.push(this.scope('Locals', locals));
    if (code.freeNames.length > 0) {
      const free: Entry[] = code.freeNames.map((name, i) => [name, frame.free[i]?.v, name]);
      out.push(
        this.scope(
          'Free variables',
          free.filter((e) => e[1] !== undefined),
        ),
      );
    }
    const module = code.program?.module;
    if (module) {
      const globals: Entry[] = [];
      module.globals.forEach((b, i) => {
        const v = frame.globals[i];
        const name = b.first?.name ?? '?';
        if (v !== undefined) globals.push([name, v, name]);
      });
      out.push(this.scope('Globals', globals));
    }
    return out;
  }

  private scope(name: ScopeInfo['name'], entries: Entry[]): ScopeInfo {
    this.containers.push({ kind: 'scope', entries });
    return { name, ref: this.containers.length, named: entries.length };
  }

  /** The children of a scope or value reference, a page at a time. */
  variables(ref: number, page: Page = {}): VariableInfo[] {
    const c = this.containers[ref - 1];
    if (c === undefined) return [];
    let entries: readonly Entry[];
    if (c.kind === 'scope') {
      if (page.filter === 'indexed') return [];
      entries = c.entries;
    } else {
      const indexed = isIndexed(c.value);
      if (page.filter !== undefined && (page.filter === 'indexed') !== indexed) return [];
      entries = c.items ??= childrenOf(c.value, c.evaluateName);
    }
    const start = Math.max(0, page.start ?? 0);
    const count = page.count !== undefined && page.count > 0 ? page.count : maxUnpagedChildren;
    return entries
      .slice(start, start + count)
      .map(([name, v, evaluateName]) => this.describe(name, v, evaluateName));
  }

  /** A variable for a value; containers get a reference for their children. */
  describe(name: string, v: Value | undefined, evaluateName?: string): VariableInfo {
    if (v === undefined) return { name, value: '<unbound>', type: 'unbound', ref: 0 };
    const info = { name: decodeUtf8(name), value: preview(v), type: typeName(v), evaluateName };
    const size = childCount(v);
    if (size === undefined) return { ...info, ref: 0 };
    this.containers.push({ kind: 'value', value: v, evaluateName });
    const ref = this.containers.length;
    return isIndexed(v) ? { ...info, ref, indexed: size } : { ...info, ref, named: size };
  }
}

function isIndexed(v: Value): boolean {
  return v instanceof List || v instanceof Tuple || v instanceof Set || v instanceof Dict;
}

/** How many children v has, or undefined when it is shown by its preview alone. */
function childCount(v: Value): number | undefined {
  if (v instanceof List || v instanceof Tuple) return v.elems.length;
  if (v instanceof Set || v instanceof Dict) return v.size;
  if (v instanceof StarlarkObject && !(v instanceof StarlarkFunction)) {
    const n = fieldNames(v).length;
    return n > 0 ? n : undefined;
  }
  return undefined;
}

/** The fields of a value with fields (struct, module); methods of built-in types are not fields. */
function fieldNames(v: StarlarkObject): string[] {
  if (v instanceof List || v instanceof Dict || v instanceof Set) return [];
  return attrNames(v);
}

function childrenOf(v: Value, parent: string | undefined): Entry[] {
  if (v instanceof List || v instanceof Tuple) {
    return v.elems.map((e, i) => [`[${i}]`, e, parent && `${parent}[${i}]`]);
  }
  if (v instanceof Set) return v.values().map((e, i) => [`[${i}]`, e, undefined]);
  if (v instanceof Dict) {
    return v.items().map(([k, e]) => {
      const key = repr(k);
      const name = key.length <= 60 ? key : key.slice(0, 60) + '…';
      return [name, e, parent && key.length <= 200 ? `${parent}[${key}]` : undefined];
    });
  }
  if (v instanceof StarlarkObject) {
    return fieldNames(v).map((name) => {
      let field: Value | undefined;
      try {
        field = getAttr(v, name);
      } catch {
        field = undefined;
      }
      return [name, field, parent && `${parent}.${name}`];
    });
  }
  return [];
}

/** A one-line preview of v of about `budget` characters, as text. */
export function preview(v: Value, budget = previewBudget): string {
  const out: string[] = [];
  writePreview(v, budget, out);
  return decodeUtf8(out.join(''));
}

/** Appends a preview of v (Starlark byte strings); returns the budget left. */
function writePreview(v: Value, budget: number, out: string[]): number {
  if (budget <= 0) {
    out.push('…');
    return 0;
  }
  if (typeof v === 'string') {
    if (v.length <= budget) return push(out, repr(v), budget);
    return push(out, repr(v.slice(0, budget)) + '…', 0);
  }
  let open: string;
  let close: string;
  let items: Iterable<Value> | undefined;
  let entries: Iterable<[Value, Value]> | undefined;
  if (v instanceof List) [open, close, items] = ['[', ']', v.elems];
  else if (v instanceof Tuple)
    [open, close, items] = ['(', v.elems.length === 1 ? ',)' : ')', v.elems];
  else if (v instanceof Set) [open, close, items] = ['set([', '])', v.elems.values()];
  else if (v instanceof Dict) [open, close, entries] = ['{', '}', v.items()];
  else {
    const text = repr(v);
    return push(out, text.length <= budget ? text : text.slice(0, budget) + '…', budget);
  }
  budget = push(out, open, budget);
  let first = true;
  const each = (write: () => void): boolean => {
    if (!first) budget = push(out, ', ', budget);
    first = false;
    if (budget <= 0) {
      out.push('…');
      return false;
    }
    write();
    return true;
  };
  if (items) {
    for (const e of items) if (!each(() => (budget = writePreview(e, budget, out)))) break;
  } else if (entries) {
    for (const [k, e] of entries) {
      const ok = each(() => {
        budget = writePreview(k, budget, out);
        budget = push(out, ': ', budget);
        budget = writePreview(e, budget, out);
      });
      if (!ok) break;
    }
  }
  out.push(close);
  return budget;
}

function push(out: string[], s: string, budget: number): number {
  out.push(s);
  return budget - s.length;
}
