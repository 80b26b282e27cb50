import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeKubeconfigContext } from './kubeconfig';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
  dirs.push(dir);
  return join(dir, 'nested', 'config');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const entry = {
  contextName: 'starling-local',
  server: 'https://127.0.0.1:1234',
  caPem: 'CA',
  token: 'secret',
};

describe('writeKubeconfigContext', () => {
  it('creates a kubeconfig with the context current when there is none', () => {
    const path = tempFile();
    writeKubeconfigContext(path, entry);
    const doc = parse(readFileSync(path, 'utf8'));
    expect(doc['current-context']).toBe('starling-local');
    expect(doc.clusters).toEqual([
      {
        name: 'starling-local',
        cluster: {
          server: 'https://127.0.0.1:1234',
          'certificate-authority-data': Buffer.from('CA').toString('base64'),
        },
      },
    ]);
    expect(doc.users).toEqual([{ name: 'starling-local', user: { token: 'secret' } }]);
  });

  it('replaces its own entries and leaves the others, their comments and the current context', () => {
    const path = tempFile();
    writeKubeconfigContext(path, entry);
    const text = readFileSync(path, 'utf8').replace(
      'current-context: starling-local',
      'current-context: prod # keep me',
    );
    writeFileSync(path, text + 'extensions: []\n');
    writeKubeconfigContext(path, { ...entry, server: 'https://127.0.0.1:999' });
    const after = readFileSync(path, 'utf8');
    expect(after).toContain('# keep me');
    const doc = parse(after);
    expect(doc['current-context']).toBe('prod');
    expect(doc.clusters).toHaveLength(1);
    expect(doc.clusters[0].cluster.server).toBe('https://127.0.0.1:999');
  });

  it('reports an unreadable kubeconfig with its line and column and leaves it alone', () => {
    const path = tempFile();
    writeKubeconfigContext(path, entry);
    writeFileSync(path, 'clusters: [\n  - a: b\n');
    expect(() => writeKubeconfigContext(path, entry)).toThrow(
      /config:\d+:\d+: the kubeconfig is not valid YAML/,
    );
    expect(readFileSync(path, 'utf8')).toBe('clusters: [\n  - a: b\n');
  });
});
