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

/** An identifier and the block it appears in. */
export interface Use {
  readonly id: Ident;
  readonly env: Block;
}

/**
 * A lexical block: the file, a function (def or lambda) or a comprehension. Functions and the
 * file are containers: they own the slots of the locals bound in them and in their comprehensions,
 * and collect the uses of names within them.
 */
export class Block {
  /** Name → binding: those bound here, and (memoized) those found outside. */
  readonly bindings = new Map<string, Binding>();
  readonly children: Block[] = [];
  /** Containers only: identifiers used within, until resolved. */
  uses: Use[] = [];

  constructor(
    readonly parent: Block | undefined,
    /** For a function block. */
    readonly fn: FunctionBuilder | undefined,
    /** For a comprehension block. */
    readonly comp: Comprehension | undefined,
  ) {
    parent?.children.push(this);
  }

  /**
   * On leaving a container: gives every use of a name bound locally (in this function or file,
   * or one of its comprehensions) its binding, keeping only the uses of names from outside.
   */
  resolveLocalUses(): void {
    const unresolved: Use[] = [];
    for (const use of this.uses) {
      const bind = lookupLocal(use);
      if (bind && (bind.scope === 'local' || bind.scope === 'cell')) use.id.binding = bind;
      else unresolved.push(use);
    }
    this.uses = unresolved;
  }
}

/** The binding of a use within its own function (or file), if it is bound there. */
function lookupLocal(use: Use): Binding | undefined {
  for (let env: Block | undefined = use.env; env; env = env.parent) {
    const bind = env.bindings.get(use.id.name);
    if (bind) return bind;
    if (env.fn) break;
  }
  return undefined;
}
