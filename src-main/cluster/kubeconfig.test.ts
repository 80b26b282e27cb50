import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { describeAuth, kubeConfigForContext, kubeconfigPaths, loadKubeconfigs } from './kubeconfig';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'starling-kubeconfig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, doc: unknown): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof doc === 'string' ? doc : YAML.stringify(doc));
  return path;
}

const cluster = (name: string, server: string, extra: object = {}) => ({
  name,
  cluster: { server, ...extra },
});
const user = (name: string, body: object) => ({ name, user: body });
const context = (name: string, c: string, u: string, namespace?: string) => ({
  name,
  context: { cluster: c, user: u, ...(namespace ? { namespace } : {}) },
});

describe('kubeconfigPaths', () => {
  it('reads $KUBECONFIG as a list, skipping empty entries and repeats', () => {
    const env = { KUBECONFIG: ['/a/config', '', '/b/config', '/a/config'].join(delimiter) };
    expect(kubeconfigPaths(env, '/home/u')).toEqual(['/a/config', '/b/config']);
  });
  it('falls back to ~/.kube/config', () => {
    expect(kubeconfigPaths({}, '/home/u')).toEqual(['/home/u/.kube/config']);
  });
});

describe('loadKubeconfigs', () => {
  it('merges as kubectl does: the first definition of a name and the first current-context win', () => {
    const a = write('a.yaml', {
      clusters: [cluster('shared', 'https://first:6443')],
      users: [user('u', { token: 'first-token' })],
      contexts: [context('one', 'shared', 'u', 'team-a')],
    });
    const b = write('b.yaml', {
      'current-context': 'two',
      clusters: [cluster('shared', 'https://second:6443'), cluster('other', 'https://other:6443')],
      users: [user('u', { token: 'second-token' })],
      contexts: [context('one', 'other', 'u'), context('two', 'other', 'u')],
    });
    const c = write('c.yaml', { 'current-context': 'one' });
    const merged = loadKubeconfigs([a, join(dir, 'missing.yaml'), b, c]);
    expect(merged.files).toEqual([a, b, c]);
    expect(merged.currentContext).toBe('two');
    expect([...merged.contexts.keys()]).toEqual(['one', 'two']);
    expect(merged.contexts.get('one')?.value).toEqual({
      cluster: 'shared',
      user: 'u',
      namespace: 'team-a',
    });
    expect(merged.clusters.get('shared')?.value.server).toBe('https://first:6443');
    expect(merged.clusters.get('shared')?.file).toBe(a);
    expect(merged.users.get('u')?.value['token']).toBe('first-token');
    expect(merged.problems).toEqual([]);
  });

  it('reports a broken file on its own and still loads the others', () => {
    const bad = write('bad.yaml', 'clusters: [\n  - name: x\n    cluster: {server: "https://x"\n');
    const notMap = write('list.yaml', '- just\n- a list\n');
    const good = write('good.yaml', {
      clusters: [cluster('c', 'https://c:6443')],
      users: [user('u', {})],
      contexts: [context('good', 'c', 'u')],
    });
    const merged = loadKubeconfigs([bad, notMap, good]);
    expect([...merged.contexts.keys()]).toEqual(['good']);
    expect(merged.problems.map((p) => p.file)).toEqual([bad, notMap]);
    expect(merged.problems[0]?.error.message).toContain(bad);
    expect(merged.problems[1]?.error.message).toContain('must be a YAML mapping');
  });

  it('resolves relative paths against the file that names them', () => {
    const file = write('sub/config', {
      clusters: [cluster('c', 'https://c', { 'certificate-authority': 'ca.crt' })],
      users: [
        user('u', { 'client-certificate': 'certs/u.crt', 'client-key': '/abs/u.key' }),
        user('e', {
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/login' },
        }),
        user('p', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws' } }),
      ],
    });
    const merged = loadKubeconfigs([file]);
    expect(merged.clusters.get('c')?.value['certificate-authority']).toBe(join(dir, 'sub/ca.crt'));
    expect(merged.users.get('u')?.value['client-certificate']).toBe(join(dir, 'sub/certs/u.crt'));
    expect(merged.users.get('u')?.value['client-key']).toBe('/abs/u.key');
    expect(merged.users.get('e')?.value.exec?.command).toBe(join(dir, 'sub/bin/login'));
    expect(merged.users.get('p')?.value.exec?.command).toBe('aws');
  });
});

describe('kubeConfigForContext', () => {
  it('builds a one-context client config, across files', () => {
    const a = write('a.yaml', { clusters: [cluster('c', 'https://c:6443/')] });
    const b = write('b.yaml', {
      users: [user('u', { token: 't0k3n' })],
      contexts: [context('ctx', 'c', 'u', 'apps')],
    });
    const kc = kubeConfigForContext(loadKubeconfigs([a, b]), 'ctx');
    expect(kc.getCurrentContext()).toBe('ctx');
    expect(kc.getCurrentCluster()?.server).toBe('https://c:6443');
    expect(kc.getCurrentUser()?.token).toBe('t0k3n');
    expect(kc.getContextObject('ctx')?.namespace).toBe('apps');
  });

  it('names the context and the missing piece when a context is broken', () => {
    const file = write('a.yaml', {
      clusters: [cluster('noserver', '')],
      users: [user('u', { 'token-file': join(dir, 'no-such-token') })],
      contexts: [
        context('no-cluster', 'ghost', 'u'),
        context('no-user', 'noserver', 'ghost'),
        context('no-server', 'noserver', 'u'),
      ],
    });
    const merged = loadKubeconfigs([file]);
    expect(() => kubeConfigForContext(merged, 'no-cluster')).toThrow(
      'context "no-cluster": cluster "ghost" is not defined in any kubeconfig file',
    );
    expect(() => kubeConfigForContext(merged, 'no-server')).toThrow(
      'context "no-server": cluster "noserver" has no server',
    );
    expect(() => kubeConfigForContext(merged, 'absent')).toThrow('context "absent": not found');
    try {
      kubeConfigForContext(merged, 'no-cluster');
    } catch (err) {
      expect(err).toMatchObject({ name: 'KubeconfigError', target: { cluster: 'no-cluster' } });
    }
  });

  it('describes authentication without its secrets', () => {
    expect(describeAuth({ token: 'secret' })).toBe('token');
    expect(describeAuth({ exec: { command: '/usr/local/bin/aws' } })).toBe('exec: aws');
    expect(describeAuth({ 'client-certificate-data': 'xx' })).toBe('client certificate');
    expect(describeAuth(undefined)).toBe('none');
  });
});
