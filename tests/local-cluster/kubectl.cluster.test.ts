// kubectl driving Starling's local cluster: the everyday workflow (apply, server-side apply,
// get -o yaml, get -w, explain, diff, delete --wait, create). The kubectl is the one the test
// cluster builds from the Kubernetes release it runs (tests/cluster), so a fresh machine needs
// no kubectl of its own; this file runs in the `cluster` vitest project for that reason.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testCluster } from '../cluster/fixtures';
import { eventually } from './support/api-client';
import { startTestLocalCluster, type LocalTestCluster } from './support/local';

let local: LocalTestCluster;

beforeAll(async () => {
  local = await startTestLocalCluster();
});

afterAll(async () => {
  await local?.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kubectl(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      testCluster().kubectl,
      ['--kubeconfig', local.kubeconfig, '--context', 'starling-local', ...args],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function ok(args: string[], input?: string): Promise<string> {
  const run = await kubectl(args, input);
  if (run.code !== 0)
    throw new Error(`kubectl ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

function file(name: string, text: string): string {
  const path = join(local.dir, name);
  writeFileSync(path, text);
  return path;
}

const manifest = (value: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels:
    app: shop
data:
  color: ${value}
`;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: carts.shop.example.com
spec:
  group: shop.example.com
  scope: Namespaced
  names: {plural: carts, singular: cart, kind: Cart}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Items, type: integer, jsonPath: .spec.items}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the cart holds.
            properties:
              items: {type: integer, description: How many items are in the cart.}
`;

describe('kubectl against the local cluster', () => {
  it('applies, reapplies unchanged and reconfigures', async () => {
    const path = file('shop.yaml', manifest('blue'));
    expect(await ok(['apply', '-f', path])).toBe(
      'namespace/shop created\nconfigmap/settings created\n',
    );
    expect(await ok(['apply', '-f', path])).toBe(
      'namespace/shop unchanged\nconfigmap/settings unchanged\n',
    );
    const changed = file('shop2.yaml', manifest('green'));
    expect(await ok(['apply', '-f', changed])).toBe(
      'namespace/shop unchanged\nconfigmap/settings configured\n',
    );
    const yaml = parse(await ok(['get', 'configmap', 'settings', '-n', 'shop', '-o', 'yaml']));
    expect(yaml.data).toEqual({ color: 'green' });
    expect(yaml.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain(
      '"green"',
    );
  });

  it('applies server-side and reports a conflict with another manager', async () => {
    const path = file('ssa.yaml', manifest('red').replace('name: settings', 'name: ssa-settings'));
    expect(await ok(['apply', '--server-side', '-f', path])).toBe(
      'namespace/shop serverside-applied\nconfigmap/ssa-settings serverside-applied\n',
    );
    const other = file(
      'ssa2.yaml',
      manifest('black').replace('name: settings', 'name: ssa-settings'),
    );
    const clash = await kubectl([
      'apply',
      '--server-side',
      '--field-manager',
      'someone-else',
      '-f',
      other,
    ]);
    expect(clash.code).not.toBe(0);
    expect(clash.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl": .data.color',
    );
    expect(
      await ok([
        'apply',
        '--server-side',
        '--force-conflicts',
        '--field-manager',
        'someone-else',
        '-f',
        other,
      ]),
    ).toContain('configmap/ssa-settings serverside-applied');
    expect(
      await ok(['get', 'cm', 'ssa-settings', '-n', 'shop', '-o', 'jsonpath={.data.color}']),
    ).toBe('black');
  });

  it('shows what would change with diff', async () => {
    await ok([
      'apply',
      '-f',
      file('diff-base.yaml', manifest('blue').replace('name: settings', 'name: diffed')),
    ]);
    const same = await kubectl([
      'diff',
      '-f',
      file('diff-same.yaml', manifest('blue').replace('name: settings', 'name: diffed')),
    ]);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('');
    const different = await kubectl([
      'diff',
      '-f',
      file('diff-new.yaml', manifest('pink').replace('name: settings', 'name: diffed')),
    ]);
    expect(different.code).toBe(1);
    expect(different.stdout).toMatch(/^-\s+color: blue$/m);
    expect(different.stdout).toMatch(/^\+\s+color: pink$/m);
    expect(await ok(['get', 'cm', 'diffed', '-n', 'shop', '-o', 'jsonpath={.data.color}'])).toBe(
      'blue',
    );
  });

  it('creates built-in objects the way kubectl create sends them', async () => {
    expect(await ok(['create', 'namespace', 'created-ns'])).toBe('namespace/created-ns created\n');
    expect(
      await ok(['create', 'configmap', 'made', '-n', 'created-ns', '--from-literal=a=1']),
    ).toBe('configmap/made created\n');
    expect(
      await ok(['create', 'secret', 'generic', 'hidden', '-n', 'created-ns', '--from-literal=p=q']),
    ).toBe('secret/hidden created\n');
    expect(
      await ok(['get', 'secret', 'hidden', '-n', 'created-ns', '-o', 'jsonpath={.data.p}']),
    ).toBe(Buffer.from('q').toString('base64'));
  });

  it('serves custom resources with printer columns and explains their fields', async () => {
    await ok(['apply', '-f', file('crd.yaml', crd)]);
    await ok([
      'wait',
      '--for=condition=Established',
      'crd/carts.shop.example.com',
      '--timeout=30s',
    ]);
    await ok([
      'apply',
      '-f',
      file(
        'cart.yaml',
        'apiVersion: shop.example.com/v1\nkind: Cart\nmetadata: {name: mine, namespace: shop}\nspec: {items: 3}\n',
      ),
    ]);
    const table = await ok(['get', 'carts', '-n', 'shop']);
    expect(table).toMatch(/^NAME\s+ITEMS\nmine\s+3\n$/);
    const explained = await ok(['explain', 'cart.spec.items']);
    expect(explained).toContain('How many items are in the cart.');
    const builtin = await ok(['explain', 'configmap.data']);
    expect(builtin).toContain('FIELD: data <map[string]string>');
  });

  it('watches with get -w and waits for deletion with delete --wait', async () => {
    await ok(['create', 'configmap', 'watched', '-n', 'shop', '--from-literal=a=1']);
    const watcher: ChildProcess = spawn(testCluster().kubectl, [
      '--kubeconfig',
      local.kubeconfig,
      '--context',
      'starling-local',
      'get',
      'cm',
      'watched',
      '-n',
      'shop',
      '-w',
      '--output-watch-events',
    ]);
    let out = '';
    watcher.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await eventually(
        async () => (/ADDED\s+watched/.test(out) ? true : undefined),
        20_000,
        'the first row',
      );
      await ok([
        'patch',
        'cm',
        'watched',
        '-n',
        'shop',
        '--type=merge',
        '-p',
        '{"metadata":{"finalizers":["example.com/hold"]}}',
      ]);
      const deleting = kubectl([
        'delete',
        'cm',
        'watched',
        '-n',
        'shop',
        '--wait',
        '--timeout=30s',
      ]);
      await eventually(async () => {
        const got = await local.client.get('/api/v1/namespaces/shop/configmaps/watched');
        return got.body.metadata?.deletionTimestamp ? true : undefined;
      });
      await ok([
        'patch',
        'cm',
        'watched',
        '-n',
        'shop',
        '--type=json',
        '-p',
        '[{"op":"remove","path":"/metadata/finalizers"}]',
      ]);
      const done = await deleting;
      expect(done.code).toBe(0);
      expect(done.stdout).toBe('configmap "watched" deleted from shop namespace\n');
      await eventually(
        async () => (/DELETED\s+watched/.test(out) ? true : undefined),
        20_000,
        'the DELETED row',
      );
      expect(out).toMatch(/MODIFIED\s+watched/);
    } finally {
      watcher.kill();
    }
  });
});
