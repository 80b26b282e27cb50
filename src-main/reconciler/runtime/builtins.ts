/**
 * The builtins a Choreo reconciler sees, with Choreo's argument and return shapes
 * (CHOREO.md, "Builtins"; Choreo's pkg/controller/reconciler/starlark). Each `client_*` returns
 * `{"resource": dict or None, "error": str or None, "fatal": bool}`; a wrong argument list is a
 * Starlark error for the client calls and a fatal result for the others, as in Choreo.
 *
 * They run inside the host's worker, beside the Starlark thread (worker-extension.ts): the
 * builtins are created once and shared by every reconcile, and what a call acts on (the For
 * object, the children queued so far, the cluster) is the thread's `ReconcileScope`. Only the
 * cluster calls leave the worker: `ReconcileServices` blocks the thread while the host does them.
 */
import {
  Builtin,
  decodeUtf8,
  Dict,
  None,
  StarlarkError,
  encodeUtf8,
  type KwArgs,
  type Thread,
  type Value,
  unpackArgs,
  wantBool,
  wantInt,
  wantString,
} from '../../starlark/index';
import * as ip from './ip';
import { isConditionReady } from './object-fields';
import {
  jsonToStarlark,
  starlarkToJson,
  starlarkToObject,
  type Json,
  type JsonObject,
} from './values';

/**
 * The cluster side of a reconcile's builtins, as the worker sees it: each call blocks the thread
 * until the host has done it, and returns its result (errors are results).
 */
export interface ReconcileServices {
  get(obj: JsonObject, namespace: string, name: string): ClientResult;
  list(obj: JsonObject, match: Record<string, string>): ClientResult;
  /** client_update / client_update_status: server-side apply as the reconciler. */
  update(obj: JsonObject, status: boolean): ClientResult;
  applyChildren(children: readonly JsonObject[]): ClientResult;
  deleteChildren(): ClientResult;
}

export interface ClientResult {
  resource: Json;
  error: string | null;
  fatal: boolean;
}

/** Per reconcile run: the For object's identity and the children queued by client_create. */
export interface ReconcileScope {
  owner: { apiVersion: string; kind: string; name: string; uid: string };
  children: JsonObject[];
  services: ReconcileServices;
}

const scopeKey = 'starling.reconcile.scope';

export function setScope(thread: Thread, scope: ReconcileScope): void {
  thread.setLocal(scopeKey, scope);
}

/** The scope of the reconcile running on `thread`, if one is. */
export function currentScope(thread: Thread): ReconcileScope | undefined {
  return thread.getLocal<ReconcileScope>(scopeKey);
}

function scopeOf(thread: Thread, fn: string): ReconcileScope {
  const scope = thread.getLocal<ReconcileScope>(scopeKey);
  if (!scope) throw new StarlarkError(`${fn}: only available while a reconcile runs`);
  return scope;
}

function result(resource: Value, error: string | null, fatal: boolean): Dict {
  const d = new Dict();
  d.set(encodeUtf8('fatal'), fatal);
  d.set(encodeUtf8('error'), error === null ? None : encodeUtf8(error));
  d.set(encodeUtf8('resource'), error === null ? resource : None);
  return d;
}

function fromClient(r: ClientResult): Dict {
  return result(r.error === null ? jsonToStarlark(r.resource) : None, r.error, r.fatal);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

type Fn = (thread: Thread, args: readonly Value[], kwargs: KwArgs) => Value;

/** client_get(name, namespace, obj) */
const clientGet: Fn = (thread, args, kwargs) => {
  const [name, namespace, obj] = unpackArgs('client_get', args, kwargs, [
    ['name', wantString],
    ['namespace', wantString],
    'obj',
  ]) as [string, string, Value];
  const scope = scopeOf(thread, 'client_get');
  let o: JsonObject;
  try {
    o = starlarkToObject(obj, 'client_get');
  } catch (err) {
    return result(None, message(err), true);
  }
  return fromClient(scope.services.get(o, str(namespace), str(name)));
};

/** client_list(obj, fieldSelector) */
const clientList: Fn = (thread, args, kwargs) => {
  const [obj, selector] = unpackArgs('client_list', args, kwargs, ['obj', 'fieldSelector']) as [
    Value,
    Value,
  ];
  const scope = scopeOf(thread, 'client_list');
  let o: JsonObject;
  let match: Record<string, string>;
  try {
    o = starlarkToObject(obj, 'client_list');
    match = selector === None ? {} : toMatch(starlarkToObject(selector, 'client_list'));
  } catch (err) {
    return result(None, message(err), true);
  }
  return fromClient(scope.services.list(o, match));
};

function toMatch(obj: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function update(fn: 'client_update' | 'client_update_status', status: boolean): Fn {
  return (thread, args, kwargs) => {
    const [obj] = unpackArgs(fn, args, kwargs, ['obj']) as [Value];
    const scope = scopeOf(thread, fn);
    let o: JsonObject;
    try {
      o = starlarkToObject(obj, fn);
    } catch (err) {
      return result(None, message(err), true);
    }
    return fromClient(scope.services.update(o, status));
  };
}

/** client_create(obj): queues a child with a controller ownerReference to the For object. */
const clientCreate: Fn = (thread, args, kwargs) => {
  const [obj] = unpackArgs('client_create', args, kwargs, ['obj']) as [Value];
  const scope = scopeOf(thread, 'client_create');
  let o: JsonObject;
  try {
    o = starlarkToObject(obj, 'client_create');
  } catch (err) {
    return result(None, message(err), true);
  }
  const metadata = (
    o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata)
      ? o.metadata
      : (o.metadata = {})
  ) as JsonObject;
  metadata.ownerReferences = [{ ...scope.owner, controller: true }];
  scope.children.push(o);
  return result(jsonToStarlark(o), null, false);
};

/** client_apply(): applies the queued children now (and deletes stale ones). */
const clientApply: Fn = (thread, args, kwargs) => {
  unpackArgs('client_apply', args, kwargs, []);
  const scope = scopeOf(thread, 'client_apply');
  return fromClient(scope.services.applyChildren(scope.children));
};

/** client_delete(): deletes every existing child now. */
const clientDelete: Fn = (thread, args, kwargs) => {
  unpackArgs('client_delete', args, kwargs, []);
  const scope = scopeOf(thread, 'client_delete');
  return fromClient(scope.services.deleteChildren());
};

/**
 * reconcile_result(obj, requeue, requeueAfter, msg, fatal): the dict Choreo's handleResult reads.
 * A wrong argument is not a Starlark error but a fatal result naming it, as in Choreo.
 */
const reconcileResult: Fn = (_thread, args, rawKwargs) => {
  // `err_msg=` as the seed's documentation names it means `msg` (starling check warns).
  const kwargs: KwArgs = rawKwargs.map(([k, v]) => [k === 'err_msg' ? 'msg' : k, v] as const);
  const d = new Dict();
  const set = (k: string, v: Value) => d.set(encodeUtf8(k), v);
  let obj: Value = None;
  let requeue: Value = false;
  let after: Value = 0;
  let msg: Value = encodeUtf8('');
  let fatal: Value = false;
  try {
    [obj, requeue, after, msg, fatal] = unpackArgs('reconcile_result', args, kwargs, [
      'obj',
      ['requeue', wantBool],
      ['requeueAfter', wantInt],
      ['msg', wantString],
      ['fatal', wantBool],
    ]) as [Value, boolean, number, string, boolean];
  } catch (err) {
    set('obj', args[0] ?? None);
    set('fatal', true);
    set(
      'error',
      encodeUtf8(`error: ${message(err)}, msg: ${typeof args[3] === 'string' ? str(args[3]) : ''}`),
    );
    return d;
  }
  set('obj', obj);
  if (msg !== encodeUtf8('')) {
    set('fatal', fatal);
    set('error', encodeUtf8(`reconcile failed ${str(msg as string)}`));
    set('requeue', requeue);
    set('requeueAfter', after);
    return d;
  }
  set('fatal', false);
  set('error', None);
  set('requeueAfter', after);
  set('requeue', requeue);
  return d;
};

/** get_resource(apiVersion, kind) */
const getResource: Fn = (_thread, args, kwargs) => {
  let apiVersion: string, kind: string;
  try {
    [apiVersion, kind] = unpackArgs('get_resource', args, kwargs, [
      ['apiVersion', wantString],
      ['kind', wantString],
    ]) as [string, string];
  } catch (err) {
    return result(None, message(err), true);
  }
  const d = new Dict();
  d.set(encodeUtf8('apiVersion'), apiVersion);
  d.set(encodeUtf8('kind'), kind);
  return result(d, null, false);
};

function finalizerFn(fn: 'add_finalizer' | 'del_finalizer'): Fn {
  return (_thread, args, kwargs) => {
    let o: JsonObject, finalizer: string;
    try {
      const [obj, f] = unpackArgs(fn, args, kwargs, ['obj', ['finalizer', wantString]]) as [
        Value,
        string,
      ];
      o = starlarkToObject(obj, fn);
      finalizer = str(f);
    } catch (err) {
      return result(None, message(err), true);
    }
    const metadata = (
      o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata)
        ? o.metadata
        : (o.metadata = {})
    ) as JsonObject;
    const list = (Array.isArray(metadata.finalizers) ? metadata.finalizers : []) as Json[];
    if (fn === 'add_finalizer') {
      if (!list.includes(finalizer)) list.push(finalizer);
      metadata.finalizers = list;
    } else if (Array.isArray(metadata.finalizers)) {
      metadata.finalizers = list.filter((f) => f !== finalizer);
    }
    return result(jsonToStarlark(o), null, false);
  };
}

/** is_conditionready(obj, conditionType) */
const isConditionReadyFn: Fn = (_thread, args, kwargs) => {
  let obj: Value, type: string;
  try {
    [obj, type] = unpackArgs('is_conditionready', args, kwargs, [
      'obj',
      ['conditionType', wantString],
    ]) as [Value, string];
  } catch (err) {
    return result(None, message(err), true);
  }
  return isConditionReady(starlarkToObject(obj, 'is_conditionready'), str(type));
};

function prefixFn(name: string, fn: (p: ip.IpPrefix) => Value): Fn {
  return (_thread, args, kwargs) => {
    let prefix: string;
    try {
      [prefix] = unpackArgs(name, args, kwargs, [['prefix', wantString]]) as [string];
    } catch (err) {
      return result(None, message(err), true);
    }
    let parsed: ip.IpPrefix;
    try {
      parsed = ip.parsePrefix(str(prefix));
    } catch (err) {
      throw new StarlarkError(message(err));
    }
    return fn(parsed);
  };
}

/** Starlark strings are UTF-8 byte strings; decoded for the outside world. */
const str = decodeUtf8;

const table: [string, Fn][] = [
  ['client_get', clientGet],
  ['client_list', clientList],
  ['client_update', update('client_update', false)],
  ['client_update_status', update('client_update_status', true)],
  ['client_create', clientCreate],
  ['client_apply', clientApply],
  ['client_delete', clientDelete],
  ['reconcile_result', reconcileResult],
  ['get_resource', getResource],
  ['del_finalizer', finalizerFn('del_finalizer')],
  ['add_finalizer', finalizerFn('add_finalizer')],
  ['get_prefixlength', prefixFn('get_prefixlength', ip.prefixLength)],
  ['get_subnetname', prefixFn('get_subnetname', (p) => encodeUtf8(ip.subnetName(p)))],
  ['get_address', prefixFn('get_address', (p) => encodeUtf8(ip.address(p)))],
  ['is_ipv4', prefixFn('isIPv4', ip.isIpv4)],
  ['is_ipv6', prefixFn('isIPv6', ip.isIpv6)],
  ['is_conditionready', isConditionReadyFn],
];

/** The reconcile builtins by name, as predeclared values. */
export const reconcileBuiltins: ReadonlyMap<string, Value> = new Map(
  table.map(([name, fn]) => [name, new Builtin(name, (t, a, k) => fn(t, a, k))]),
);

/** The names `loadProject` declares when it resolves .star files. */
export const reconcileBuiltinNames: readonly string[] = table.map(([name]) => name);

export { starlarkToJson };
