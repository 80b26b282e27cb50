/**
 * A compiled module: its top level and every function in it, ready to run in a thread.
 * Compiling needs the predeclared values (they become constants in the code); running creates
 * the module's globals, executes the top level and freezes everything the globals reach.
 */
import type * as ast from '../syntax/ast';
import type { EvalError } from '../runtime/errors';
import type { Thread } from '../runtime/thread';
import { freeze, type Value } from '../runtime/value';
import { ProgramCompiler, type CompileOptions } from './compiler';
import { StarlarkFunction, type FunctionCode } from './function';

export type { CompileOptions };

export class Program {
  readonly toplevel: FunctionCode;
  /** Names of the module's globals by slot. */
  readonly globalNames: readonly string[];

  /** Compiles a parsed and resolved file. */
  constructor(
    readonly file: ast.File,
    predeclared: ReadonlyMap<string, Value>,
    options: CompileOptions,
  ) {
    this.toplevel = new ProgramCompiler(options, predeclared).toplevel(file);
    this.globalNames = file.module!.globals.map((b) => b.first?.name ?? '?');
  }

  /**
   * Runs the top level in thread; returns the module's globals (those assigned, even when the
   * run failed) and the error, if any. The globals are frozen either way.
   */
  run(thread: Thread): { globals: Map<string, Value>; error: EvalError | undefined } {
    const values = new Array<Value | undefined>(this.globalNames.length);
    const toplevel = new StarlarkFunction(this.toplevel, values, [], []);
    let error: EvalError | undefined;
    try {
      toplevel.callInternal(thread, [], []);
    } catch (e) {
      error = e as EvalError;
    }
    const globals = new Map<string, Value>();
    this.globalNames.forEach((name, i) => {
      const v = values[i];
      if (v !== undefined) globals.set(name, v);
    });
    for (const v of globals.values()) freeze(v);
    return { globals, error };
  }
}
