/**
 * The reconcile builtins as a worker extension of the Starlark host (host/worker/extension.ts):
 * they run in the worker beside the reconcile's thread, so `client_create`, `reconcile_result`,
 * the finalizer, condition and IP helpers cost no round trip to the host. The cluster calls
 * (client_get, client_list, client_update*, client_apply, client_delete) block on the run's
 * services, which the host implements (reconcile.ts).
 *
 * The worker also reads the result: the dict `reconcile` returned becomes JSON here, with
 * Choreo's conversions (values.ts), and travels with the children `client_create` queued.
 */
import { decodeUtf8, Dict, encodeUtf8, None, typeName, type Value } from '../../starlark/index';
import type { ExtensionRun, WorkerExtension } from '../../host/worker/extension';
import {
  currentScope,
  reconcileBuiltins,
  setScope,
  type ClientResult,
  type ReconcileScope,
  type ReconcileServices,
} from './builtins';
import { starlarkToObject, type JsonObject } from './values';

/** The extension's name in the worker (reconcile-worker.ts) and in run requests. */
export const reconcileExtensionName = 'reconcile';

/** What a reconcile's run starts with. */
export interface ReconcileInput {
  owner: ReconcileScope['owner'];
}

/** What `reconcile_result(...)` said, as JSON. */
export interface ReconcileResultValue {
  obj: JsonObject;
  requeue: boolean;
  requeueAfter: number;
  fatal: boolean;
  message: string;
}

/** What a reconcile's run returns to the host. */
export type ReconcileRunValue =
  | { type: 'result'; result: ReconcileResultValue; children: JsonObject[] }
  /** `reconcile` returned something that is not a reconcile result. */
  | { type: 'bad-result'; message: string };

/** The services' names, as reconcile.ts registers them. */
export type ServiceName = 'get' | 'list' | 'update' | 'applyChildren' | 'deleteChildren';

function services(run: ExtensionRun): ReconcileServices {
  const call = (name: ServiceName, args: Record<string, unknown>) =>
    run.callService(name, args) as ClientResult;
  return {
    get: (obj, namespace, name) => call('get', { obj, namespace, name }),
    list: (obj, match) => call('list', { obj, match }),
    update: (obj, status) => call('update', { obj, status }),
    applyChildren: (children) => call('applyChildren', { children }),
    deleteChildren: () => call('deleteChildren', {}),
  };
}

export const reconcileExtension: WorkerExtension = {
  builtins: reconcileBuiltins,
  begin(run) {
    const input = run.input as ReconcileInput;
    setScope(run.thread, { owner: input.owner, children: [], services: services(run) });
  },
  result(run, value): ReconcileRunValue {
    const scope = currentScope(run.thread);
    try {
      return { type: 'result', result: readResult(value), children: scope?.children ?? [] };
    } catch (err) {
      return { type: 'bad-result', message: (err as Error).message };
    }
  },
};

/** Reads the dict `reconcile` returned, as Choreo's convertReconcileResult does. */
function readResult(v: Value): ReconcileResultValue {
  const fail = (why: string): never => {
    throw new Error(`cannot convert the reconcile result: ${why}`);
  };
  if (!(v instanceof Dict))
    fail(`reconcile returned ${typeName(v)}, want the dict reconcile_result returns`);
  const d = v as Dict;
  const get = (k: string) => d.get(encodeUtf8(k));
  const obj = get('obj');
  if (!(obj instanceof Dict))
    fail(`obj is not a dict, got ${obj === undefined ? 'nothing' : typeName(obj)}`);
  const requeue = get('requeue') ?? false;
  const after = get('requeueAfter') ?? 0;
  const fatal = get('fatal') ?? false;
  const error = get('error') ?? None;
  if (typeof requeue !== 'boolean') fail(`requeue is not a bool, got ${typeName(requeue)}`);
  if (typeof after !== 'number' && typeof after !== 'bigint')
    fail(`requeueAfter is not an int, got ${typeName(after)}`);
  if (typeof fatal !== 'boolean') fail(`fatal is not a bool, got ${typeName(fatal)}`);
  if (error !== None && typeof error !== 'string')
    fail(`error is not a string, got ${typeName(error)}`);
  let converted: JsonObject;
  try {
    converted = starlarkToObject(obj!, 'reconcile result obj');
  } catch (err) {
    return fail((err as Error).message);
  }
  return {
    obj: converted,
    requeue: requeue as boolean,
    requeueAfter: Number(after),
    fatal: fatal as boolean,
    message: error === None ? '' : decodeUtf8(error as string).replace(/^reconcile failed /, ''),
  };
}
