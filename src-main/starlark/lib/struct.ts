/**
 * struct and module values, as go.starlark.net's starlarkstruct package provides them.
 *
 * `struct(**kwargs)` makes an immutable record whose fields are kept sorted by name; two structs
 * are equal when their constructors and fields are; a struct is hashable when its field values
 * are; `s + t` merges two structs (t's fields win); ordering is not defined. `module(name,
 * **kwargs)` makes a namespace value such as `json` or `math`.
 */
import { NoSuchAttrError, StarlarkError } from '../runtime/errors';
import { compareDepth, equals, repr } from '../runtime/ops';
import { unpackPositional, wantString } from '../runtime/unpack';
import {
  Builtin,
  COMPOSITE_KEY,
  encodeKey,
  freeze,
  hashKey,
  StarlarkObject,
  type BinaryOperator,
  type BuiltinFn,
  type CompareOperator,
  type HashKey,
  type KwArgs,
  type Value,
} from '../runtime/value';

/** The constructor every struct() makes, a str as in go.starlark.net (starlarkstruct.Default). */
export const defaultConstructor = 'struct';

export class Struct extends StarlarkObject {
  /** Field names, sorted, and their values in the same order. */
  readonly names: readonly string[];
  readonly values: readonly Value[];

  constructor(
    readonly constructorValue: Value,
    fields: Iterable<readonly [string, Value]>,
  ) {
    super();
    const sorted = [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.names = sorted.map(([k]) => k);
    this.values = sorted.map(([, v]) => v);
  }

  get type(): string {
    return 'struct';
  }

  override freeze(): void {
    for (const v of this.values) freeze(v);
  }

  override hashKey(): HashKey {
    let key = COMPOSITE_KEY + 's' + encodeKey(hashKey(this.constructorValue));
    for (let i = 0; i < this.names.length; i++) {
      key += encodeKey(this.names[i]!) + encodeKey(hashKey(this.values[i]!));
    }
    return key;
  }

  override repr(): string {
    const c = this.constructorValue;
    let out = (typeof c === 'string' ? c : repr(c)) + '(';
    for (let i = 0; i < this.names.length; i++) {
      if (i > 0) out += ', ';
      out += this.names[i] + ' = ' + repr(this.values[i]!);
    }
    return out + ')';
  }

  /** The field's value, or undefined. */
  field(name: string): Value | undefined {
    // Binary search: names are sorted by byte order.
    let i = 0;
    let j = this.names.length;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (this.names[h]! < name) i = h + 1;
      else j = h;
    }
    return this.names[i] === name ? this.values[i] : undefined;
  }

  override getAttr(name: string): Value | undefined {
    const v = this.field(name);
    if (v !== undefined) return v;
    const c = this.constructorValue;
    const ctor = c === defaultConstructor ? '' : repr(c) + ' ';
    throw new NoSuchAttrError(`${ctor}struct has no .${name} attribute`);
  }

  override attrNames(): readonly string[] {
    return this.names;
  }

  override binary(op: BinaryOperator, other: Value, side: 'left' | 'right'): Value | undefined {
    if (op !== '+' || !(other instanceof Struct)) return undefined;
    const [x, y] = side === 'left' ? [this, other] : [other, this];
    let same: boolean;
    try {
      same = equals(x.constructorValue, y.constructorValue);
    } catch (e) {
      const msg = e instanceof StarlarkError ? e.message : String(e);
      throw new StarlarkError(
        `in ${repr(x.constructorValue)} + ${repr(y.constructorValue)}: error comparing constructors: ${msg}`,
      );
    }
    if (!same) {
      throw new StarlarkError(
        `cannot add structs of different constructors: ${repr(x.constructorValue)} + ${repr(y.constructorValue)}`,
      );
    }
    const merged = new Map<string, Value>();
    for (let i = 0; i < x.names.length; i++) merged.set(x.names[i]!, x.values[i]!);
    for (let i = 0; i < y.names.length; i++) merged.set(y.names[i]!, y.values[i]!);
    return new Struct(x.constructorValue, merged);
  }

  override compareSameType(op: CompareOperator, y: Value, depth: number): boolean {
    if (op === '==') return structsEqual(this, y as Struct, depth);
    if (op === '!=') return !structsEqual(this, y as Struct, depth);
    throw new StarlarkError(`struct ${op} struct not implemented`);
  }
}

function structsEqual(x: Struct, y: Struct, depth: number): boolean {
  if (x.names.length !== y.names.length) return false;
  let same: boolean;
  try {
    same = equals(x.constructorValue, y.constructorValue);
  } catch (e) {
    const msg = e instanceof StarlarkError ? e.message : String(e);
    throw new StarlarkError(
      `error comparing struct constructors ${repr(x.constructorValue)} and ${repr(y.constructorValue)}: ${msg}`,
    );
  }
  if (!same) return false;
  for (let i = 0; i < x.names.length; i++) {
    if (x.names[i] !== y.names[i]) return false;
    if (!compareDepth('==', x.values[i]!, y.values[i]!, depth - 1)) return false;
  }
  return true;
}

/** A module: a named, immutable namespace of members (`json`, `math`, module("m", …)). */
export class Module extends StarlarkObject {
  readonly members: ReadonlyMap<string, Value>;

  constructor(
    readonly name: string,
    members: Iterable<readonly [string, Value]>,
  ) {
    super();
    this.members = new Map(members);
  }

  get type(): string {
    return 'module';
  }

  override freeze(): void {
    for (const v of this.members.values()) freeze(v);
  }

  override hashKey(): HashKey {
    throw new StarlarkError('unhashable: module');
  }

  override repr(): string {
    return `<module ${repr(this.name)}>`;
  }

  override getAttr(name: string): Value | undefined {
    return this.members.get(name);
  }

  override attrNames(): readonly string[] {
    return [...this.members.keys()].sort();
  }
}

/**
 * A module of builtins and constants. Builtins are named `module.member` when `qualified` (as
 * go.starlark.net names json's), else just `member` (as it names math's and time's).
 */
export function builtinModule(
  name: string,
  qualified: boolean,
  members: Record<string, BuiltinFn | Value>,
): Module {
  const module = new Module(
    name,
    Object.entries(members).map(([k, v]): [string, Value] => [
      k,
      typeof v === 'function' ? new Builtin(qualified ? `${name}.${k}` : k, v) : v,
    ]),
  );
  module.freeze();
  return module;
}

/** struct(**kwargs) — spec: go.starlark.net starlarkstruct.Make. */
const makeStruct: BuiltinFn = (_thread, args, kwargs: KwArgs) => {
  if (args.length > 0) throw new StarlarkError('struct: unexpected positional arguments');
  return new Struct(defaultConstructor, kwargs);
};

/** module(name, **kwargs) — go.starlark.net starlarkstruct.MakeModule. */
const makeModule: BuiltinFn = (_thread, args, kwargs: KwArgs) => {
  const [name] = unpackPositional('module', args, [], 1, 1, [wantString]);
  return new Module(name as string, kwargs);
};

export const struct = new Builtin('struct', makeStruct);
export const module = new Builtin('module', makeModule);
