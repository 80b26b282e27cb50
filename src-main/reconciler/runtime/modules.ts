/**
 * A reconciler's Starlark code, ready to run: the reconciler's file and the `crds/` libraries it
 * loads, compiled once per source text and executed once per project version.
 *
 * Choreo executes the module (and its libraries) again for every reconcile. Module globals are
 * frozen after execution, so a reconcile cannot change them and nothing carries over; executing
 * the top level once and reusing its frozen globals gives the same results, unless the top level
 * itself calls a cluster builtin — then it runs again per reconcile as in Choreo. (A `print` at
 * top level prints once: a listed difference.)
 */
import type { Thread } from '../../starlark';
import {
  compileFile,
  EvalError,
  StaticErrors,
  StarlarkSyntaxError,
  type Program,
  type Value,
} from '../../starlark';
import { reconcileBuiltins } from './builtins';
import { ioLogOf } from './replay';
import type { RuntimeLibrary } from './types';

type Globals = ReadonlyMap<string, Value>;

/** A reconciler whose code failed to compile or load: every reconcile reports this. */
export class ModuleError extends Error {
  override name = 'ModuleError';
}

export class LibrarySet {
  readonly #libraries: ReadonlyMap<string, RuntimeLibrary>;
  readonly #programs = new Map<string, Program>();
  readonly #globals = new Map<string, Globals>();

  constructor(libraries: ReadonlyMap<string, RuntimeLibrary>) {
    this.#libraries = libraries;
  }

  /** Executes a library (once), loading what it loads; `loading` detects cycles. */
  load(thread: Thread, module: string, loading: string[]): Globals {
    const cached = this.#globals.get(module);
    if (cached) return cached;
    const library = this.#libraries.get(module);
    if (!library) throw new ModuleError(`cannot load ${module}: no such library in crds/`);
    if (loading.includes(module))
      throw new ModuleError(`cannot load ${module}: cycle (${[...loading, module].join(' → ')})`);
    let program = this.#programs.get(module);
    if (!program) {
      program = compile(library.path, library.source);
      this.#programs.set(module, program);
    }
    const globals = runTopLevel(thread, program, (t, m) => this.load(t, m, [...loading, module]));
    if (globals.cacheable) this.#globals.set(module, globals.values);
    return globals.values;
  }
}

function compile(path: string, source: string): Program {
  try {
    return compileFile(path, source, reconcileBuiltins);
  } catch (err) {
    if (err instanceof StarlarkSyntaxError || err instanceof StaticErrors)
      throw new ModuleError(err.message);
    throw err;
  }
}

/** Runs a program's top level with `load` resolved by `load`; throws its EvalError. */
function runTopLevel(
  thread: Thread,
  program: Program,
  load: (thread: Thread, module: string) => Globals,
): { values: Globals; cacheable: boolean } {
  const saved = thread.load;
  const log = thread.getLocal('starling.reconcile.io') ? ioLogOf(thread) : undefined;
  const before = log?.calls ?? 0;
  thread.load = load;
  try {
    const { globals, error } = program.run(thread);
    if (error) throw error;
    return { values: globals, cacheable: (log?.calls ?? 0) === before };
  } finally {
    thread.load = saved;
  }
}

/** One reconciler's module: its program and, once executed, its frozen globals. */
export class ReconcilerModule {
  readonly path: string;
  readonly #program: Program;
  readonly #libraries: LibrarySet;
  #globals: Globals | undefined;

  constructor(path: string, source: string, libraries: LibrarySet) {
    this.path = path;
    this.#program = compile(path, source);
    this.#libraries = libraries;
  }

  /** The `reconcile` function, executing the module first when its globals are not cached. */
  reconcileFunction(thread: Thread): Value {
    let globals = this.#globals;
    if (!globals) {
      const run = runTopLevel(thread, this.#program, (t, m) => this.#libraries.load(t, m, []));
      if (run.cacheable) this.#globals = run.values;
      globals = run.values;
    }
    const fn = globals.get('reconcile');
    if (!fn) throw new ModuleError(`${this.path}: the module defines no reconcile function`);
    return fn;
  }
}

export { EvalError };
