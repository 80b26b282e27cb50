/**
 * The lexical blocks the resolver works with, and the records it keeps in them. See the essay in
 * resolve.ts for how they are used.
 */

import type { Binding, Comprehension, Expr, Ident, Position, Scope, Stmt } from '../syntax/ast';

/** FunctionInfo while the resolver fills it in. */
export interface FunctionBuilder {
  readonly pos: Position;
  readonly name: string;
  readonly params: readonly Expr[];
  readonly body: readonly Stmt[];
  hasVarargs: boolean;
  hasKwargs: boolean;
  numKwonlyParams: number;
  readonly locals: Binding[];
  readonly freeVars: Binding[];
}

export function newFunction(
  name: string,
  pos: Position,
  params: readonly Expr[],
  body: readonly Stmt[],
): FunctionBuilder {
  return {
    pos,
    name,
    params,
    body,
    hasVarargs: false,
    hasKwargs: false,
    numKwonlyParams: 0,
    locals: [],
    freeVars: [],
  };
}

export function newBinding(
  scope: Scope,
  index: number,
  first: Ident | undefined,
  comprehension: Comprehension | undefined,
): Binding {
  return { scope, index, first, comprehension };
}

/**
 * A lexical block: the file, a function (def or lambda) or a comprehension. Functions and the
 * file are containers: they own the slots of the locals bound in them and in their comprehensions,
 * and collect the uses of names within them.
 */
export class Block {
  // Fields are declared and assigned in the constructor, which V8 builds faster (see nodes.ts).
  /** Name → binding: those bound here, and (memoized) those found outside. Made when needed. */
  declare private bindings: Map<string, Binding> | undefined;
  declare readonly children: Block[];
  /**
   * Containers only: the identifiers used within, until resolved, and the block each appears in
   * (two parallel arrays rather than an object per use).
   */
  declare useIds: Ident[];
  declare useEnvs: Block[];

  constructor(
    readonly parent: Block | undefined,
    /** For a function block. */
    readonly fn: FunctionBuilder | undefined,
    /** For a comprehension block. */
    readonly comp: Comprehension | undefined,
  ) {
    this.bindings = undefined;
    this.children = [];
    this.useIds = [];
    this.useEnvs = [];
    parent?.children.push(this);
  }

  lookup(name: string): Binding | undefined {
    return this.bindings?.get(name);
  }

  bind(name: string, binding: Binding): void {
    (this.bindings ??= new Map()).set(name, binding);
  }

  /** The names this block knows. */
  names(): Iterable<string> {
    return this.bindings?.keys() ?? [];
  }

  /**
   * On leaving a container: gives every use of a name bound locally (in this function or file,
   * or one of its comprehensions) its binding, keeping only the uses of names from outside.
   */
  resolveLocalUses(): void {
    const ids = this.useIds;
    const envs = this.useEnvs;
    let kept = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const env = envs[i]!;
      const bind = lookupLocal(id.name, env);
      if (bind && (bind.scope === 'local' || bind.scope === 'cell')) {
        id.binding = bind;
      } else {
        ids[kept] = id;
        envs[kept] = env;
        kept++;
      }
    }
    ids.length = kept;
    envs.length = kept;
  }
}

/** The binding of a name used in env within its own function (or file), if it is bound there. */
function lookupLocal(name: string, env: Block): Binding | undefined {
  for (let b: Block | undefined = env; b; b = b.parent) {
    const bind = b.lookup(name);
    if (bind) return bind;
    if (b.fn) break;
  }
  return undefined;
}
