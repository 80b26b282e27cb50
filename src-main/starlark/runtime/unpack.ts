/**
 * Argument unpacking for builtins, with go.starlark.net's error messages (starlark/unpack.go).
 *
 *   const [sep, maxsplit] = unpackArgs('split', args, kwargs, [['sep?', wantString], 'maxsplit?']);
 *
 * A parameter name ending in `?` is optional (and every one after it must be too); `??` is
 * optional and also treats an explicit None as absent. A missing optional comes back undefined.
 * A check validates a supplied argument and returns the reason it is wrong ("got int, want
 * string"), which becomes "fn: for parameter p: got int, want string".
 */
import { nearest } from '../resolve/spell';
import { StarlarkError } from './errors';
import { quote } from './quote';
import { None, typeName, type KwArgs, type Value } from './value';

/** Returns why v is not acceptable ("got int, want string"), or undefined when it is. */
export type Check = (v: Value) => string | undefined;
export type Param = string | readonly [name: string, check: Check];

function want(type: string, ok: (v: Value) => boolean): Check {
  return (v) => (ok(v) ? undefined : `got ${typeName(v)}, want ${type}`);
}

export const wantString: Check = want('string', (v) => typeof v === 'string');
export const wantBool: Check = want('bool', (v) => typeof v === 'boolean');
export const wantInt: Check = want('int', (v) => typeof v === 'number' || typeof v === 'bigint');
export const wantFloat: Check = want('float', (v) => typeName(v) === 'float');
export const wantList: Check = want('list', (v) => typeName(v) === 'list');
export const wantDict: Check = want('dict', (v) => typeName(v) === 'dict');

function nameOf(p: Param): string {
  return typeof p === 'string' ? p : p[0];
}

/** The parameter's name without its `?` or `??`. */
function paramName(p: Param): string {
  const raw = nameOf(p);
  if (raw.endsWith('??')) return raw.slice(0, -2);
  if (raw.endsWith('?')) return raw.slice(0, -1);
  return raw;
}

/** Whether p is named name (without allocating: this runs for every keyword argument). */
function isNamed(p: Param, name: string): boolean {
  const raw = nameOf(p);
  if (raw.length > name.length + 2 || !raw.startsWith(name)) return false;
  for (let i = name.length; i < raw.length; i++) if (raw.charCodeAt(i) !== 0x3f) return false; // ?
  return true;
}

export function unpackArgs(
  fnName: string,
  args: readonly Value[],
  kwargs: KwArgs,
  params: readonly Param[],
): (Value | undefined)[] {
  const n = params.length;
  if (args.length > n) {
    throw new StarlarkError(`${fnName}: got ${args.length} arguments, want at most ${n}`);
  }
  const out = new Array<Value | undefined>(n);
  // Which parameters got an argument (bit i, or a Set beyond 31 parameters).
  let defined = 0;
  const definedMany = n > 31 ? new globalThis.Set<number>() : undefined;
  // A keyword argument's name appears quoted in messages (go.starlark.net formats the Starlark
  // string), a positional parameter's name does not.
  for (let i = 0; i < args.length; i++) {
    if (definedMany) definedMany.add(i);
    else defined |= 1 << i;
    accept(fnName, params[i]!, out, i, args[i]!, undefined);
  }
  for (let a = 0; a < kwargs.length; a++) {
    const [name, v] = kwargs[a]!;
    let i = 0;
    while (i < n && !isNamed(params[i]!, name)) i++;
    if (i === n) {
      // go.starlark.net offers only some of the parameter names here (it steps through its
      // name/pointer pairs two at a time); the suggestions are reproduced faithfully.
      const candidates: string[] = [];
      for (let k = 0; k < n; k += 2) candidates.push(paramName(params[k / 2]!));
      const hint = nearest(name, candidates);
      const msg = `${fnName}: unexpected keyword argument ${quote(name)}`;
      throw new StarlarkError(hint ? `${msg} (did you mean ${hint}?)` : msg);
    }
    const seen = definedMany ? definedMany.has(i) : (defined & (1 << i)) !== 0;
    if (seen) {
      throw new StarlarkError(`${fnName}: got multiple values for keyword argument ${quote(name)}`);
    }
    if (definedMany) definedMany.add(i);
    else defined |= 1 << i;
    accept(fnName, params[i]!, out, i, v, quote(name));
  }
  for (let i = args.length; i < n; i++) {
    if (nameOf(params[i]!).endsWith('?')) break;
    const seen = definedMany ? definedMany.has(i) : (defined & (1 << i)) !== 0;
    if (!seen) throw new StarlarkError(`${fnName}: missing argument for ${paramName(params[i]!)}`);
  }
  return out;
}

/** Checks an argument for parameter i and stores it (an explicit None for a `??` parameter is left out). */
function accept(
  fnName: string,
  p: Param,
  out: (Value | undefined)[],
  i: number,
  v: Value,
  label: string | undefined,
): void {
  const raw = nameOf(p);
  if (v === None && raw.endsWith('??')) return;
  if (typeof p !== 'string') {
    const problem = p[1](v);
    if (problem) {
      throw new StarlarkError(`${fnName}: for parameter ${label ?? paramName(p)}: ${problem}`);
    }
  }
  out[i] = v;
}

/** Positional arguments only, between min and max of them. Missing ones come back undefined. */
export function unpackPositional(
  fnName: string,
  args: readonly Value[],
  kwargs: KwArgs,
  min: number,
  max: number,
  checks: readonly (Check | undefined)[] = [],
): (Value | undefined)[] {
  if (kwargs.length > 0) throw new StarlarkError(`${fnName}: unexpected keyword arguments`);
  if (args.length < min) {
    const atLeast = min < max ? 'at least ' : '';
    throw new StarlarkError(`${fnName}: got ${args.length} arguments, want ${atLeast}${min}`);
  }
  if (args.length > max) {
    const atMost = max > min ? 'at most ' : '';
    throw new StarlarkError(`${fnName}: got ${args.length} arguments, want ${atMost}${max}`);
  }
  for (let i = 0; i < args.length && i < checks.length; i++) {
    const check = checks[i];
    const problem = check === undefined ? undefined : check(args[i]!);
    if (problem) throw new StarlarkError(`${fnName}: for parameter ${i + 1}: ${problem}`);
  }
  // The arguments themselves when all are given (callers only read the result).
  if (args.length === max) return args as (Value | undefined)[];
  const out = new Array<Value | undefined>(max);
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  return out;
}
