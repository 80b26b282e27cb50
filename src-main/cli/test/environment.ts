/**
 * What go.starlark.net's own test driver gives a chunk in exec mode (starlark/eval_test.go and
 * starlarktest): `load("assert.star", "assert")` — go.starlark.net's assert.star, executed with
 * the helper builtins it needs (error, catch, matches, module, _freeze, _floateq) — the modules
 * json.star, time.star and math.star, proto.star (with a descriptor pool of descriptor.proto and
 * Starling's two test files: testProtoPool), and the predeclared names struct, module,
 * hasfields and fibonacci. tests/reference/chunks.go gives the reference interpreter the same
 * environment.
 */
import {
  execFile,
  compileGoRegexp,
  json,
  math,
  module,
  struct,
  time,
  call,
  callStackString,
  EvalError,
  NoSuchAttrError,
  StarlarkError,
  str,
  decodeUtf8,
  Thread,
  unpackArgs,
  wantString,
  Builtin,
  Float,
  freeze,
  List,
  None,
  StarlarkObject,
  type BinaryOperator,
  type BuiltinFn,
  type HashKey,
  type Value,
  typeName,
  type ValueIterator,
} from '../../starlark/index';
import { proto, ProtoPool } from '../../starlark/proto';
import { descriptorProto } from './descriptor-proto';
import { assertStarSource } from './go-starlark';
import { kinds3Proto, kindsProto } from './test-protos';

/** Receives the failures assert.star's error() reports (the chunk under test's). */
export type Reporter = (failure: string) => void;
const reporterKey = 'starling.test.reporter';

export function setReporter(thread: Thread, report: Reporter): void {
  thread.setLocal(reporterKey, report);
}

/** Text for matching and printing: engine strings hold UTF-8 bytes, one per char code. */
export function toText(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return s;
  return decodeUtf8(s);
}

function builtin(name: string, fn: BuiltinFn): Builtin {
  return new Builtin(name, fn);
}

/** error(msg): reports a test failure with the Starlark call stack, and carries on. */
const error = builtin('error', (thread, args) => {
  if (args.length !== 1) throw new StarlarkError(`error: got ${args.length} arguments, want 1`);
  const stack = thread.callStack();
  stack.pop(); // error's own frame
  const msg = args[0]!;
  const text = `${callStackString(stack)}Error: ${typeof msg === 'string' ? msg : str(msg)}`;
  const report = thread.getLocal<Reporter>(reporterKey);
  if (!report) throw new StarlarkError('error: no test reporter on this thread');
  report(toText(text));
  return None;
});

/** catch(f): calls f() and returns its error message, or None when it succeeded. */
const catchBuiltin = builtin('catch', (thread, args, kwargs) => {
  const [fn] = unpackArgs('catch', args, kwargs, ['fn']);
  try {
    call(thread, fn!, []);
    return None;
  } catch (e) {
    if (e instanceof EvalError || e instanceof StarlarkError) return e.message;
    throw e;
  }
});

/** matches(pattern, str): whether the Go regular expression matches str. */
const matches = builtin('matches', (_thread, args, kwargs) => {
  const [pattern, s] = unpackArgs('matches', args, kwargs, [
    ['pattern', wantString],
    ['str', wantString],
  ]);
  let rx: RegExp;
  try {
    rx = compileGoRegexp(toText(pattern as string));
  } catch (e) {
    throw new StarlarkError(`matches: ${(e as Error).message}`);
  }
  return rx.test(toText(s as string));
});

/** _freeze(x): freezes x and everything it reaches. */
const freezeBuiltin = builtin('freeze', (_thread, args, kwargs) => {
  if (kwargs.length > 0) throw new StarlarkError('freeze does not accept keyword arguments');
  if (args.length !== 1) throw new StarlarkError(`freeze got ${args.length} arguments, wants 1`);
  freeze(args[0]!);
  return args[0]!;
});

const bits = new BigUint64Array(1);
const bitsFloat = new Float64Array(bits.buffer);
function floatBits(x: number): bigint {
  bitsFloat[0] = x;
  return bits[0]!;
}

/** _floateq(x, y): whether two floats are equal within one unit in the last place. */
const floateq = builtin('floateq', (_thread, args, kwargs) => {
  if (kwargs.length > 0) throw new StarlarkError('floateq: unexpected keyword arguments');
  if (args.length !== 2) throw new StarlarkError(`floateq: got ${args.length} arguments, want 2`);
  const [x, y] = args.map((a, i) => {
    if (!(a instanceof Float)) {
      throw new StarlarkError(`floateq: for parameter ${i + 1}: got ${typeName(a)}, want float`);
    }
    return a.value;
  }) as [number, number];
  if (x === y) return true;
  if (Number.isNaN(x)) return Number.isNaN(y);
  if (Number.isNaN(y)) return false;
  const bx = floatBits(x);
  const by = floatBits(y);
  return bx === by + 1n || by === bx + 1n;
});

let assertModule: ReadonlyMap<string, Value> | undefined;

/** The globals of go.starlark.net's assert.star, executed once per process. */
function loadAssert(): ReadonlyMap<string, Value> {
  if (assertModule) return assertModule;
  const predeclared = new Map<string, Value>([
    ['error', error],
    ['catch', catchBuiltin],
    ['matches', matches],
    ['module', module],
    ['_freeze', freezeBuiltin],
    ['_floateq', floateq],
  ]);
  assertModule = execFile(new Thread(), 'assert.star', assertStarSource(), predeclared);
  return assertModule;
}

/** load() for chunks: the test helper modules, by name. */
export function testLoad(_thread: Thread, name: string): ReadonlyMap<string, Value> {
  switch (name) {
    case 'assert.star':
      return loadAssert();
    case 'json.star':
      return new Map([['json', json]]);
    case 'time.star':
      return new Map([['time', time]]);
    case 'math.star':
      return new Map([['math', math]]);
    case 'proto.star':
      return new Map([['proto', proto]]);
  }
  throw new StarlarkError(`load: no module "${name}" in the test environment`);
}

let protoPool: ProtoPool | undefined;

/** The descriptor pool of exec-mode chunks (go's tests use the process's registry). */
export function testProtoPool(): ProtoPool {
  return (protoPool ??= new ProtoPool([descriptorProto, kindsProto, kinds3Proto]));
}

/** The infinite Fibonacci sequence, an iterable that is not a list (eval_test.go's fib). */
class Fibonacci extends StarlarkObject {
  get type(): string {
    return 'fib';
  }
  override repr(): string {
    return 'fib';
  }
  override hashKey(): HashKey {
    throw new StarlarkError('fib is unhashable');
  }
  override iterate(): ValueIterator {
    let x = 0;
    let y = 1;
    return {
      next: () => {
        const v = x;
        [x, y] = [y, x + y];
        return v;
      },
      done: () => {},
    };
  }
}

/** A value any field of which may be set (eval_test.go's hasfields), with `list + hasfields`. */
class HasFields extends StarlarkObject {
  private readonly attrs = new Map<string, Value>();
  private frozen = false;
  get type(): string {
    return 'hasfields';
  }
  override repr(): string {
    return 'hasfields';
  }
  override freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    for (const v of this.attrs.values()) freeze(v);
  }
  override getAttr(name: string): Value | undefined {
    return this.attrs.get(name);
  }
  override attrNames(): readonly string[] {
    return [...this.attrs.keys()].sort();
  }
  override setField(name: string, v: Value): void {
    if (this.frozen) throw new StarlarkError('cannot set field on a frozen hasfields');
    if (name.startsWith('no')) throw new NoSuchAttrError(`no .${name} field`);
    this.attrs.set(name, v);
  }
  override binary(op: BinaryOperator, other: Value): Value | undefined {
    return op === '+' && other instanceof List ? 42 : undefined;
  }
}

const hasfields = builtin('hasfields', (_thread, args, kwargs) => {
  if (args.length + kwargs.length > 0) throw new StarlarkError('hasfields: unexpected arguments');
  return new HasFields();
});

/** The predeclared names of an exec-mode chunk. */
export function testPredeclared(): Map<string, Value> {
  return new Map<string, Value>([
    ['hasfields', hasfields],
    ['fibonacci', new Fibonacci()],
    ['struct', struct],
    ['module', module],
  ]);
}
