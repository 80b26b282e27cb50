import {
  decodeUtf8,
  resolveFile,
  nearest,
  isUniversal,
  type CallExpr,
  type DefStmt,
  type File,
  type Node,
  type Position as StarlarkPosition,
  defaultFileOptions,
  parse,
  forEachChild,
} from '../../starlark/index';
import type { ProblemList } from './problems';
import type { Library, Position } from './types';

/**
 * The names the reconcile builtins are predeclared as (CHOREO.md, "Builtins"). Every reconciler
 * and library is resolved against them, as Choreo executes both with the same builtins.
 */
export const reconcileBuiltinNames: readonly string[] = [
  'client_get',
  'client_list',
  'client_update',
  'client_update_status',
  'client_create',
  'client_apply',
  'client_delete',
  'reconcile_result',
  'get_resource',
  'del_finalizer',
  'add_finalizer',
  'get_prefixlength',
  'get_subnetname',
  'get_address',
  'is_ipv4',
  'is_ipv6',
  'is_conditionready',
];

const predeclared = new Set(reconcileBuiltinNames);

/** reconcile_result's parameters, in Choreo's order (its UnpackArgs call). */
const resultParams = ['obj', 'requeue', 'requeueAfter', 'msg', 'fatal'] as const;

interface LoadRef {
  module: string;
  at: Position;
  names: { name: string; at: Position }[];
}

/** One .star file, parsed and resolved. */
interface CheckedFile {
  path: string;
  ast: File | undefined;
  loads: LoadRef[];
  /** Global names the module defines (what load() may take from it). */
  globals: Set<string>;
}

/**
 * Parses and resolves every library and reconciler with the engine, then checks what the engine
 * cannot see file by file: unknown libraries and names in `load()`, load cycles, the `reconcile`
 * entry point, and calls to `reconcile_result` that fail in Choreo. Sets each library's `loads`;
 * returns, per reconciler file, every library it loads (transitively).
 */
export function checkStarlark(
  libraries: Map<string, Library>,
  reconcilerCode: readonly { path: string; source: string }[],
  problems: ProblemList,
): Map<string, string[]> {
  const checkedLibraries = new Map<string, CheckedFile>();
  for (const [module, library] of libraries) {
    const checked = checkFile(library.path, library.source, problems);
    checkedLibraries.set(module, checked);
    library.loads = unique(checked.loads.map((l) => l.module).filter((m) => libraries.has(m)));
  }
  const checkLoads = (file: CheckedFile) => {
    for (const load of file.loads) {
      const target = checkedLibraries.get(load.module);
      if (!target) {
        reportUnknownLibrary(load, [...libraries.keys()], problems);
        continue;
      }
      if (!target.ast) continue;
      for (const { name, at } of load.names) {
        if (target.globals.has(name)) continue;
        const near = nearest(name, [...target.globals]);
        problems.error(
          at,
          `load: name ${name} not found in module ${load.module}`,
          near
            ? `did you mean ${near}?`
            : `${load.module} defines: ${[...target.globals].join(', ') || 'nothing'}`,
        );
      }
    }
  };
  for (const file of checkedLibraries.values()) checkLoads(file);
  reportCycles(checkedLibraries, problems);

  const loads = new Map<string, string[]>();
  for (const code of reconcilerCode) {
    const checked = checkFile(code.path, code.source, problems);
    checkLoads(checked);
    if (checked.ast) checkReconcileFunction(checked.ast, code.path, problems);
    loads.set(
      code.path,
      transitiveLoads(
        checked.loads.map((l) => l.module),
        libraries,
      ),
    );
  }
  return loads;
}

function checkFile(path: string, source: string, problems: ProblemList): CheckedFile {
  const parsed = parse(path, source);
  if (!parsed.ok) {
    problems.error(
      toPosition(parsed.error.pos),
      parsed.error.msg,
      'fix the syntax error; nothing else in this file is checked until then',
    );
    return { path, ast: undefined, loads: [], globals: new Set() };
  }
  const file = parsed.file;
  const errors = resolveFile(file, defaultFileOptions, (n) => predeclared.has(n), isUniversal);
  for (const e of errors) problems.error(toPosition(e.pos), e.msg, resolveHint(e.msg));
  const loads: LoadRef[] = [];
  for (const stmt of file.stmts) {
    if (stmt.kind !== 'LoadStmt') continue;
    loads.push({
      module: decodeUtf8(stmt.module.value),
      at: toPosition(stmt.module.start),
      names: stmt.from.map((id) => ({ name: decodeUtf8(id.name), at: toPosition(id.start) })),
    });
  }
  const globals = new Set(
    (file.module?.globals ?? []).map((b) => decodeUtf8(b.first?.name ?? '')).filter((n) => n),
  );
  lintResultCalls(file, problems);
  return { path, ast: file, loads, globals };
}

function resolveHint(message: string): string | undefined {
  const name = /^undefined: (\S+)/.exec(message)?.[1];
  if (name === undefined) return undefined;
  // The resolver suggests names it can list (globals, locals, the universe), not the builtins.
  const builtin = nearest(name, reconcileBuiltinNames);
  if (builtin) return `did you mean ${builtin}, a reconcile builtin?`;
  return `a reconciler sees the Starlark universe, the reconcile builtins (${reconcileBuiltinNames.join(', ')}) and what it loads from libraries: load("<group>.<plural>.star", "name")`;
}

function reportUnknownLibrary(load: LoadRef, known: string[], problems: ProblemList): void {
  const near = nearest(load.module, known);
  const hint = near
    ? `did you mean "${near}"?`
    : known.length > 0
      ? `a library is crds/<group>_<plural>.star, loaded as "<group>.<plural>.star"; this project has ${known.map((k) => `"${k}"`).join(', ')}`
      : 'a library is crds/<group>_<plural>.star, loaded as "<group>.<plural>.star"; this project has none';
  problems.error(load.at, `load of unknown library "${load.module}"`, hint);
}

/** Reports each cycle among libraries once, at the load that closes it. */
function reportCycles(files: Map<string, CheckedFile>, problems: ProblemList): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (module: string) => {
    state.set(module, 'visiting');
    stack.push(module);
    for (const load of files.get(module)?.loads ?? []) {
      if (!files.has(load.module)) continue;
      const s = state.get(load.module);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(load.module));
        const key = [...cycle].sort().join('\n');
        if (!reported.has(key)) {
          reported.add(key);
          problems.error(
            load.at,
            `load cycle: ${[...cycle, load.module].map((m) => `"${m}"`).join(' → ')}`,
            'libraries cannot load each other in a circle: move what both need into a third library',
          );
        }
      } else if (s === undefined) {
        visit(load.module);
      }
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of [...files.keys()].sort()) if (!state.has(module)) visit(module);
}

function transitiveLoads(direct: readonly string[], libraries: Map<string, Library>): string[] {
  const seen = new Set<string>();
  const queue = direct.filter((m) => libraries.has(m));
  while (queue.length > 0) {
    const m = queue.shift()!;
    if (seen.has(m)) continue;
    seen.add(m);
    for (const next of libraries.get(m)?.loads ?? []) if (!seen.has(next)) queue.push(next);
  }
  return [...seen];
}

/** `reconcile` must be a global function Choreo can call with the object as its one argument. */
function checkReconcileFunction(file: File, path: string, problems: ProblemList): void {
  const def = file.stmts.find(
    (s): s is DefStmt => s.kind === 'DefStmt' && decodeUtf8(s.name.name) === 'reconcile',
  );
  if (def) {
    const problem = arityProblem(def);
    if (problem) {
      problems.error(
        toPosition(def.name.start),
        problem,
        'Choreo calls reconcile with the object as its only argument: def reconcile(self):',
      );
    }
    return;
  }
  const isGlobal = (file.module?.globals ?? []).some((b) => b.first?.name === 'reconcile');
  if (isGlobal) return; // `reconcile = some_function`: checked when it runs.
  const loaded = file.stmts.some(
    (s) => s.kind === 'LoadStmt' && s.to.some((id) => id.name === 'reconcile'),
  );
  problems.error(
    { file: path, line: 1, col: 1 },
    loaded
      ? 'reconcile is bound by load(), which makes it local to this file: Choreo cannot call it'
      : 'no reconcile function: Choreo calls reconcile(self) for every object',
    loaded
      ? 'define def reconcile(self): that calls the loaded function'
      : 'define def reconcile(self): and return reconcile_result(self, False, 0, "", False)',
  );
}

function arityProblem(def: DefStmt): string | undefined {
  let positional = 0;
  let required = 0;
  let varargs = false;
  let afterStar = false;
  const requiredKeywordOnly: string[] = [];
  for (const p of def.params) {
    if (p.kind === 'UnaryExpr' && p.op === '*') {
      afterStar = true;
      if (p.x) varargs = true;
    } else if (p.kind === 'UnaryExpr') {
      // **kwargs
    } else if (afterStar) {
      if (p.kind === 'Ident') requiredKeywordOnly.push(decodeUtf8(p.name));
    } else {
      positional++;
      if (p.kind === 'Ident') required++;
    }
  }
  if (positional === 0 && !varargs) {
    return 'reconcile takes no parameters, but Choreo calls it with the object';
  }
  if (required > 1) {
    return `reconcile has ${required} required parameters, but Choreo calls it with one (the object)`;
  }
  if (requiredKeywordOnly.length > 0) {
    return `reconcile has required keyword-only parameters (${requiredKeywordOnly.join(', ')}), which Choreo never passes`;
  }
  return undefined;
}

/** Warns about reconcile_result calls that fail in Choreo: its arguments are all required. */
function lintResultCalls(file: File, problems: ProblemList): void {
  const visit = (node: Node) => {
    if (node.kind === 'CallExpr') lintResultCall(node, problems);
    forEachChild(node, visit);
  };
  visit(file);
}

function lintResultCall(call: CallExpr, problems: ProblemList): void {
  if (call.fn.kind !== 'Ident' || call.fn.name !== 'reconcile_result') return;
  if (call.fn.binding?.scope !== 'predeclared') return;
  let positional = 0;
  const keywords: { name: string; at: Position }[] = [];
  for (const arg of call.args) {
    if (arg.kind === 'UnaryExpr') return; // *args / **kwargs: not knowable here
    if (arg.kind === 'BinaryExpr' && arg.op === '=' && arg.x.kind === 'Ident') {
      keywords.push({ name: decodeUtf8(arg.x.name), at: toPosition(arg.x.start) });
    } else {
      positional++;
    }
  }
  const at = toPosition(call.fn.start);
  if (positional > resultParams.length) {
    problems.warning(
      at,
      `reconcile_result takes 5 arguments (self, requeue, requeueAfter, msg, fatal), got ${positional}: this call fails when it runs`,
      'older Choreo examples pass a condition type; drop it (conditionType goes in config.yaml)',
    );
    return;
  }
  const given = new Set<string>(resultParams.slice(0, positional));
  for (const kw of keywords) {
    if (kw.name === 'err_msg') {
      problems.warning(
        kw.at,
        'reconcile_result has no parameter err_msg in Choreo (it is msg): Choreo fails this call; Starling reads it as msg',
        'write msg= instead of err_msg=',
      );
      given.add('msg');
    } else if ((resultParams as readonly string[]).includes(kw.name)) {
      given.add(kw.name);
    } else {
      const near = nearest(kw.name, resultParams);
      problems.warning(
        kw.at,
        `reconcile_result has no parameter ${kw.name}: this call fails when it runs`,
        near ? `did you mean ${near}?` : `its parameters: ${resultParams.join(', ')}`,
      );
    }
  }
  const missing = resultParams.filter((p) => !given.has(p));
  if (missing.length > 0) {
    problems.warning(
      at,
      `reconcile_result is missing ${missing.join(', ')}: Choreo requires all five arguments, so this call fails when it runs`,
      'call reconcile_result(self, requeue, requeueAfter, msg, fatal), e.g. reconcile_result(self, False, 0, "", False)',
    );
  }
}

function toPosition(p: StarlarkPosition): Position {
  return { file: p.file, line: p.line, col: p.col };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
