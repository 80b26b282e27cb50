import { describe, expect, it } from 'vitest';
import { execFile, fromStarlark, Thread } from '../../starlark/index';
import { reconcileBuiltins } from './builtins';
import { starlarkToJson } from './values';

function run(source: string): unknown {
  const globals = execFile(new Thread(), 't.star', `${source}\n`, reconcileBuiltins);
  return fromStarlark(globals.get('out')!);
}

describe('reconcile builtins (pure ones)', () => {
  it('reconcile_result: the dict Choreo builds, success and failure', () => {
    expect(run('out = reconcile_result({"a": 1}, False, 0, "", False)')).toEqual({
      obj: { a: 1 },
      fatal: false,
      error: null,
      requeueAfter: 0,
      requeue: false,
    });
    expect(run('out = reconcile_result({}, True, 5, "no ip", True)')).toMatchObject({
      fatal: true,
      error: 'reconcile failed no ip',
      requeueAfter: 5,
    });
    // a wrong argument is a fatal result, not a Starlark error
    expect(run('out = reconcile_result({}, "yes", 0, "", False)')).toMatchObject({
      fatal: true,
      error: 'error: reconcile_result: for parameter requeue: got string, want bool, msg: ',
    });
    // err_msg= (the seed doc's keyword) is read as msg
    expect(run('out = reconcile_result({}, False, 0, err_msg = "x", fatal = False)')).toMatchObject(
      {
        error: 'reconcile failed x',
      },
    );
  });

  it('get_resource, add_finalizer, del_finalizer, is_conditionready', () => {
    expect(run('out = get_resource("v1", "ConfigMap")')).toEqual({
      fatal: false,
      error: null,
      resource: { apiVersion: 'v1', kind: 'ConfigMap' },
    });
    expect(
      run('out = add_finalizer({"metadata": {"finalizers": ["a"]}}, "b")["resource"]'),
    ).toEqual({
      metadata: { finalizers: ['a', 'b'] },
    });
    expect(run('out = add_finalizer({}, "b")["resource"]')).toEqual({
      metadata: { finalizers: ['b'] },
    });
    expect(
      run('out = del_finalizer({"metadata": {"finalizers": ["a", "b"]}}, "a")["resource"]'),
    ).toEqual({
      metadata: { finalizers: ['b'] },
    });
    const obj =
      '{"status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "X", "status": "False"}]}}';
    expect(
      run(
        `out = [is_conditionready(${obj}, "Ready"), is_conditionready(${obj}, "X"), is_conditionready({}, "Ready")]`,
      ),
    ).toEqual([true, false, false]);
  });

  it('IP helpers return values and fail on a bad prefix', () => {
    expect(
      run(
        'out = [get_prefixlength("10.1.0.0/16"), get_address("10.1.2.3/16"), get_subnetname("10.1.2.3/16"), is_ipv4("::1/128"), is_ipv6("::1/128")]',
      ),
    ).toEqual([16, '10.1.2.3', '10.1.0.0-16', false, true]);
    expect(() => run('out = get_prefixlength("10.1.0.0")')).toThrow(
      /netip.ParsePrefix\("10.1.0.0"\): no '\/'/,
    );
  });

  it('cluster builtins outside a reconcile are an error', () => {
    expect(() => run('out = client_create({})')).toThrow('only available while a reconcile runs');
  });

  it('values crossing to Kubernetes: None as "", tuples rejected with their path', () => {
    const v = execFile(
      new Thread(),
      't.star',
      'out = {"a": None, "b": [1, 2.5, True], "c": {"d": (1, 2)}}\n',
      reconcileBuiltins,
    ).get('out')!;
    expect(() => starlarkToJson(v)).toThrow('c.d: unsupported starlark type: tuple');
    const ok = execFile(
      new Thread(),
      't.star',
      'out = {"a": None, "b": [1, 2.5, True]}\n',
      reconcileBuiltins,
    ).get('out')!;
    expect(starlarkToJson(ok)).toEqual({ a: '', b: [1, 2.5, true] });
  });
});
